package org.vlbert.data.refcoco;

import java.util.ArrayList;
import java.util.List;
import org.vlbert.data.DataException;
import org.vlbert.data.load.AspectGroup;
import org.vlbert.data.load.Dataset;
import org.vlbert.data.regions.Region;
import org.vlbert.data.regions.RegionFeatures;

/**
 * The RefCOCO+ expressions of some image sets joined with the region features of their candidate
 * boxes: for each part of the box source ("gt", "proposal") a regions file whose row with the
 * ref's {@code image_id} holds one feature per box of that part, in the part's order. Image ids
 * are resolved when the dataset is built. Without regions (pixel path) examples carry none.
 */
public final class RefcocoDataset implements Dataset<RefcocoExample> {
    private final RefcocoRefs refs;
    private final String imageSets;
    private final Dataset<RefcocoRefs.Expression> expressions;
    private final CandidateBoxes boxes;
    private final List<RegionFeatures> regions;
    private final int[][] rows;

    /**
     * @param regions one regions file per {@link CandidateBoxes#parts() part}, or null for the pixel path
     */
    public RefcocoDataset(RefcocoRefs refs, String imageSets, CandidateBoxes boxes, List<RegionFeatures> regions) {
        this.refs = refs;
        this.imageSets = imageSets;
        this.expressions = refs.expressions(imageSets);
        this.boxes = boxes;
        this.regions = regions;
        if (regions != null && regions.size() != boxes.parts().size()) {
            throw new IllegalArgumentException("one regions file per box part " + boxes.parts() + " is needed");
        }
        this.rows = new int[expressions.size()][];
        if (regions == null) {
            return;
        }
        String[] imageIds = refs.imageIds(imageSets); // without decoding every ref
        for (int i = 0; i < rows.length; i++) {
            rows[i] = new int[regions.size()];
            for (int p = 0; p < regions.size(); p++) {
                int r = regions.get(p).indexOf(imageIds[i]);
                if (r < 0) {
                    RefcocoRef ref = expressions.get(i).ref();
                    throw new DataException("image " + ref.imageId() + " of ref " + ref.refId() + " is not in "
                            + regions.get(p).path() + " (the " + boxes.parts().get(p) + " box features)");
                }
                rows[i][p] = r;
            }
        }
    }

    public CandidateBoxes boxes() {
        return boxes;
    }

    /** The {@link AspectGroup} of every example's image, by dataset index (for grouped batches). */
    public int[] aspectGroups() {
        return refs.aspectGroups(imageSets);
    }

    @Override
    public int size() {
        return rows.length;
    }

    @Override
    public RefcocoExample get(int index) {
        RefcocoRefs.Expression e = expressions.get(index);
        if (regions == null) {
            return new RefcocoExample(e.ref(), e.sentence(), null);
        }
        List<Region> parts = new ArrayList<>(regions.size());
        for (int p = 0; p < regions.size(); p++) {
            parts.add(regions.get(p).get(rows[index][p]));
        }
        return new RefcocoExample(e.ref(), e.sentence(), parts);
    }
}

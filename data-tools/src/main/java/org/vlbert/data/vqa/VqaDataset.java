package org.vlbert.data.vqa;

import org.vlbert.data.DataException;
import org.vlbert.data.load.AspectGroup;
import org.vlbert.data.load.Dataset;
import org.vlbert.data.regions.RegionFeatures;

/**
 * VQA samples joined with their image's region features. Every image id is resolved when the
 * dataset is built, so a missing image fails at startup rather than mid-epoch.
 */
public final class VqaDataset implements Dataset<VqaExample> {
    private final VqaSamples samples;
    private final RegionFeatures regions;
    private final int[] regionRow;

    public VqaDataset(VqaSamples samples, RegionFeatures regions) {
        this.samples = samples;
        this.regions = regions;
        this.regionRow = new int[samples.size()];
        for (int i = 0; i < regionRow.length; i++) {
            String imageId = samples.imageId(i);
            int r = regions.indexOf(imageId);
            if (r < 0) {
                throw new DataException(samples.path() + ": question " + samples.questionId(i) + " refers to image "
                        + imageId + ", which is not in " + regions.path());
            }
            regionRow[i] = r;
        }
    }

    public VqaSamples samples() {
        return samples;
    }

    public RegionFeatures regions() {
        return regions;
    }

    /** The {@link AspectGroup} of every question's image (its original size), by dataset index. */
    public int[] aspectGroups() {
        int[] groups = new int[regionRow.length];
        for (int i = 0; i < groups.length; i++) {
            groups[i] = AspectGroup.of(regions.width(regionRow[i]), regions.height(regionRow[i]));
        }
        return groups;
    }

    @Override
    public int size() {
        return regionRow.length;
    }

    @Override
    public VqaExample get(int index) {
        return new VqaExample(samples.get(index), regions.get(regionRow[index]));
    }
}

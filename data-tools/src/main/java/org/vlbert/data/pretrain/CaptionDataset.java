package org.vlbert.data.pretrain;

import org.vlbert.data.DataException;
import org.vlbert.data.load.Dataset;
import org.vlbert.data.regions.RegionFeatures;
import org.vlbert.data.text.TextFile;
import org.vlbert.data.text.TextRow;

/** Captions joined with their image's regions by image id; every id is resolved up front. */
public final class CaptionDataset implements Dataset<CaptionExample> {
    private final TextFile captions;
    private final RegionFeatures regions;
    private final int[] regionRow;

    public CaptionDataset(TextFile captions, RegionFeatures regions) {
        this.captions = captions;
        this.regions = regions;
        this.regionRow = new int[captions.size()];
        for (int i = 0; i < regionRow.length; i++) {
            String id = captions.imageId(i);
            int r = id == null ? -1 : regions.indexOf(id);
            if (r < 0) {
                throw new DataException(captions.path() + ": caption " + i + " refers to image " + id
                        + ", which is not in " + regions.path());
            }
            regionRow[i] = r;
        }
    }

    /** The captions alone (the relationship task draws other captions from them). */
    public Dataset<TextRow> captions() {
        return captions;
    }

    @Override
    public int size() {
        return regionRow.length;
    }

    @Override
    public CaptionExample get(int index) {
        return new CaptionExample(captions.get(index), regions.get(regionRow[index]));
    }
}

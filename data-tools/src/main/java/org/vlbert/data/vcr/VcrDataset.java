package org.vlbert.data.vcr;

import org.vlbert.data.DataException;
import org.vlbert.data.load.Dataset;
import org.vlbert.data.regions.RegionFeatures;

/**
 * VCR items joined with their region features: the regions row whose {@code image_id} is the
 * item's {@code img_fn} must hold one feature per object of the item, in the item's object order
 * (e.g. {@code vlbert extract-features} run on the items' metadata boxes). Every image is
 * resolved when the dataset is built, so a missing one fails at startup. Without a regions file
 * (pixel path) the examples carry no region.
 */
public final class VcrDataset implements Dataset<VcrExample> {
    private final VcrItems items;
    private final RegionFeatures regions;
    private final int[] regionRow;

    public VcrDataset(VcrItems items, RegionFeatures regions) {
        this.items = items;
        this.regions = regions;
        this.regionRow = new int[items.size()];
        if (regions == null) {
            return;
        }
        for (int i = 0; i < regionRow.length; i++) {
            String img = items.imgFn(i);
            int r = regions.indexOf(img);
            if (r < 0) {
                throw new DataException(items.path() + ": item " + i + " uses image '" + img + "', which is not in "
                        + regions.path() + " (region rows of VCR are keyed by img_fn)");
            }
            regionRow[i] = r;
        }
    }

    public VcrItems items() {
        return items;
    }

    @Override
    public int size() {
        return regionRow.length;
    }

    @Override
    public VcrExample get(int index) {
        return new VcrExample(items.get(index), regions == null ? null : regions.get(regionRow[index]));
    }
}

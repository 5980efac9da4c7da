package org.vlbert.export;

import org.vlbert.data.regions.Region;
import org.vlbert.data.regions.RegionFeatures;

/** Looks up the images that queries name. */
final class PackageQueries {
    private PackageQueries() {}

    static Region region(RegionFeatures regions, String imageId) {
        int row = regions.indexOf(imageId);
        if (row < 0) {
            throw new PackageException(regions.path() + " has no image with id '" + imageId + "' (" + regions.size()
                    + " images; ids are the image_id column written by 'vlbert data convert-features')");
        }
        Region r = regions.get(row);
        if (r.featureDim() != org.vlbert.graphs.model.vlbert.RegionFeatures.FEATURE_DIM) {
            throw new PackageException(regions.path() + " holds " + r.featureDim() + "-d region features; the model"
                    + " takes " + org.vlbert.graphs.model.vlbert.RegionFeatures.FEATURE_DIM + "-d features");
        }
        return r;
    }
}

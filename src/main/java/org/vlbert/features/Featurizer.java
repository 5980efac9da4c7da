package org.vlbert.features;

import org.vlbert.data.image.PreparedImage;

/** Region features of boxes on a transformed image (the ResNet pixel path, or a stand-in in tests). */
public interface Featurizer {
    /** Width of one region feature. */
    long featureDim();

    /** Features [n, featureDim] row-major for boxes [n, 4] in resized-image pixels. */
    float[] extract(PreparedImage image, float[] resizedBoxes);
}

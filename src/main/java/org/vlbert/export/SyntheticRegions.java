package org.vlbert.export;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.SplittableRandom;
import org.vlbert.data.regions.Region;

/**
 * Deterministic stand-in region features for the package self-test when no real image is given:
 * boxes inside a {@code width × height} image and non-negative features (like pooled ReLU outputs).
 */
final class SyntheticRegions {
    private SyntheticRegions() {}

    static Region create(String imageId, int width, int height, int boxes, int featureDim, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        ByteBuffer coords = ByteBuffer.allocate(boxes * 4 * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < boxes; i++) {
            float x1 = (float) r.nextDouble(0, width * 0.7);
            float y1 = (float) r.nextDouble(0, height * 0.7);
            float x2 = Math.min(width - 1f, x1 + (float) r.nextDouble(16, width * 0.3));
            float y2 = Math.min(height - 1f, y1 + (float) r.nextDouble(16, height * 0.3));
            coords.putFloat(x1).putFloat(y1).putFloat(x2).putFloat(y2);
        }
        ByteBuffer features = ByteBuffer.allocate(boxes * featureDim * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < boxes * featureDim; i++) {
            features.putFloat(r.nextDouble() < 0.6 ? 0f : (float) r.nextDouble(0, 4));
        }
        return new Region(imageId, width, height, boxes, featureDim, false, coords.clear(), features.clear(), null,
                null, 0, null, 0, null, null, null, null);
    }
}

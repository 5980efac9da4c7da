package org.vlbert.data.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.SplittableRandom;
import org.vlbert.data.DataException;

/**
 * Writes a bottom-up-attention TSV ({@code image_id image_w image_h num_boxes boxes features},
 * base64 float32) of random images with 10–100 boxes, for converter throughput measurements.
 */
public final class SyntheticButdTsv {
    private SyntheticButdTsv() {}

    public static void write(Path file, int images, int featureDim, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        Base64.Encoder b64 = Base64.getEncoder();
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.US_ASCII)) {
            for (int i = 0; i < images; i++) {
                int n = 10 + r.nextInt(91);
                int width = 400 + r.nextInt(400);
                int height = 300 + r.nextInt(300);
                ByteBuffer boxes = ByteBuffer.allocate(n * 16).order(ByteOrder.LITTLE_ENDIAN);
                for (int k = 0; k < n; k++) {
                    float x1 = r.nextInt(width / 2);
                    float y1 = r.nextInt(height / 2);
                    boxes.putFloat(x1).putFloat(y1).putFloat(x1 + 1 + r.nextInt(width / 2))
                            .putFloat(y1 + 1 + r.nextInt(height / 2));
                }
                ByteBuffer feats = ByteBuffer.allocate(n * featureDim * 4).order(ByteOrder.LITTLE_ENDIAN);
                for (int k = 0; k < n * featureDim; k++) {
                    feats.putFloat((float) r.nextDouble(0, 4));
                }
                w.write((i + 1) + "\t" + width + "\t" + height + "\t" + n + "\t" + b64.encodeToString(boxes.array())
                        + "\t" + b64.encodeToString(feats.array()));
                w.newLine();
            }
        } catch (IOException e) {
            throw new DataException("cannot write " + file + " (" + e.getMessage() + ")", e);
        }
    }
}

package org.vlbert.export;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Function;
import javax.imageio.ImageIO;
import org.vlbert.config.VlbertConfig;
import org.vlbert.data.regions.Region;
import org.vlbert.data.regions.RegionFeatures;
import org.vlbert.graphs.tensor.HostTensor;
import org.vlbert.io.Safetensors;

/** End-to-end (pixel) models for export tests: config overrides, demo images, checkpoints. */
final class PixelModels {
    /** The shipped ResNet-101 pixel path at 64-pixel images, small enough for tests. */
    static final List<String> OVERRIDES = List.of("NETWORK.IMAGE_FEAT_PRECOMPUTED=false",
            "NETWORK.IMAGE_NUM_LAYERS=101", "NETWORK.IMAGE_C5_DILATED=true", "NETWORK.IMAGE_STRIDE_IN_1x1=true",
            "SCALES=[64,64]");

    private PixelModels() {}

    /** A random-noise image, in PNG, of each image's size in {@code regions}, at {@code dir/name(imageId)}. */
    static void writeImages(Path regions, Path dir, Function<String, String> name) throws IOException {
        Files.createDirectories(dir);
        SplittableRandom r = new SplittableRandom(3);
        try (RegionFeatures f = RegionFeatures.open(regions)) {
            for (int i = 0; i < f.size(); i++) {
                Region region = f.get(i);
                BufferedImage img = new BufferedImage(region.width(), region.height(), BufferedImage.TYPE_INT_RGB);
                for (int y = 0; y < img.getHeight(); y++) {
                    for (int x = 0; x < img.getWidth(); x++) {
                        img.setRGB(x, y, r.nextInt(1 << 24));
                    }
                }
                ImageIO.write(img, "png", dir.resolve(name.apply(region.imageId())).toFile());
            }
        }
    }

    /**
     * The ResNet as initialised, every other weight with spread 1: the model's own initialisation
     * scores all boxes and choices alike, and comparisons should see different answers.
     */
    static Path checkpoint(VlbertConfig cfg, Path file, long seed) throws IOException {
        SplittableRandom r = new SplittableRandom(seed);
        Map<String, HostTensor> params = new LinkedHashMap<>();
        TinyModels.randomParams(cfg, seed).forEach((name, t) -> {
            if (name.startsWith("image_feature_extractor.")) {
                params.put(name, t);
                return;
            }
            float[] v = new float[(int) HostTensor.numel(t.shape())];
            for (int i = 0; i < v.length; i++) {
                v[i] = (float) r.nextGaussian();
            }
            params.put(name, HostTensor.ofFloats(t.shape(), v));
        });
        Safetensors.write(file, params, Map.of());
        return file;
    }
}

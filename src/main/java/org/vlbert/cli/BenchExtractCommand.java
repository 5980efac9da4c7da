package org.vlbert.cli;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Callable;
import javax.imageio.ImageIO;
import org.vlbert.data.image.ImageDecoder;
import org.vlbert.data.image.ImageTransform;
import org.vlbert.data.image.PreparedImage;
import org.vlbert.data.image.RgbImage;
import org.vlbert.features.RegionFeatureExtractor;
import org.vlbert.features.RegionFeatureGraph;
import org.vlbert.graphs.model.visual.ResNetSpec;
import org.vlbert.graphs.tensor.DType;
import org.vlbert.graphs.tensor.HostTensor;
import org.vlbert.runtime.OrtSessions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code vlbert bench extract}: images/s of region-feature extraction, i.e. the ResNet pixel path
 * (random weights; speed does not depend on them) on an image of the reference scale with a
 * given number of boxes, plus the preprocessing of a JPEG that resizes to that scale. The last
 * line is {@code images/s: <number>} (preprocessing included).
 */
@Command(name = "extract", mixinStandardHelpOptions = true,
        description = {"Images/s of `vlbert extract-features`: ResNet-101 to res4, RoIAlign, dilated res5 head,"
                + " average pool on a HEIGHT x WIDTH image with BOXES boxes (+ the whole-image box), random"
                + " weights; and the JPEG decode + PIL-bilinear resize + normalisation of one image."})
public final class BenchExtractCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = "--height", defaultValue = "600", description = "Resized image height (default: ${DEFAULT-VALUE}).")
    private int height;

    @Option(names = "--width", defaultValue = "1000", description = "Resized image width (default: ${DEFAULT-VALUE}).")
    private int width;

    @Option(names = "--boxes", defaultValue = "36", description = "Boxes per image (default: ${DEFAULT-VALUE}).")
    private int boxes;

    @Option(names = "--threads", defaultValue = "2", description = "ONNX Runtime intra-op threads (default: ${DEFAULT-VALUE}).")
    private int threads;

    @Option(names = "--device", defaultValue = "cpu", description = "cpu, cuda or cuda:N (default: ${DEFAULT-VALUE}).")
    private String device;

    @Option(names = "--depth", defaultValue = "101", description = "ResNet depth: 50, 101, 152 (default: ${DEFAULT-VALUE}).")
    private int depth;

    @Option(names = "--warmup", defaultValue = "1", description = "Untimed runs first (default: ${DEFAULT-VALUE}).")
    private int warmup;

    @Option(names = "--runs", defaultValue = "3", description = "Timed runs (default: ${DEFAULT-VALUE}).")
    private int runs;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        if (boxes < 0 || runs < 1 || warmup < 0 || height < 32 || width < 32) {
            throw new VlbertException("need --boxes >= 0, --runs >= 1, --warmup >= 0 and an image of at least 32x32");
        }
        ResNetSpec resnet = ResNetSpec.ofDepth(depth, true, true, Set.of(1, 2));
        out.printf("bench extract: %s, image %dx%d (HxW), %d boxes + the whole-image box, %d threads, %s%n",
                resnet, height, width, boxes, threads, device);
        out.flush();

        Map<String, HostTensor> weights = randomWeights(RegionFeatureGraph.parameters(resnet));
        long bytes = weights.values().stream().mapToLong(HostTensor::byteSize).sum();
        long t0 = System.nanoTime();
        OrtSessions.Settings ort = new OrtSessions.Settings(threads, OrtSessions.Device.parse(device), true);
        try (RegionFeatureExtractor extractor = new RegionFeatureExtractor(resnet, weights, ort)) {
            weights = null;
            out.printf("session: %.1f s (%.0f MB of weights embedded)%n", (System.nanoTime() - t0) / 1e9, bytes / 1e6);

            PreprocessTiming pre = preprocess();
            out.printf("preprocess: decode %dx%d JPEG %.0f ms + resize to %dx%d and normalise %.0f ms%n",
                    pre.source().width(), pre.source().height(), pre.decodeMs(), pre.image().width(),
                    pre.image().height(), pre.transformMs());

            float[] rois = randomBoxes(pre.image());
            for (int i = 0; i < warmup; i++) {
                extractor.extract(pre.image(), rois);
            }
            double[] secs = new double[runs];
            for (int i = 0; i < runs; i++) {
                long s = System.nanoTime();
                extractor.extract(pre.image(), rois);
                secs[i] = (System.nanoTime() - s) / 1e9;
            }
            double mean = Arrays.stream(secs).average().orElseThrow();
            double best = Arrays.stream(secs).min().orElseThrow();
            double perImage = mean + (pre.decodeMs() + pre.transformMs()) / 1e3;
            out.printf("extract: %d runs, mean %.2f s, best %.2f s per image -> %.3f images/s (model only)%n",
                    runs, mean, best, 1 / mean);
            out.printf(java.util.Locale.ROOT, "images/s: %.3f%n", 1 / perImage);
        }
        out.flush();
        return 0;
    }

    private record PreprocessTiming(RgbImage source, PreparedImage image, double decodeMs, double transformMs) {}

    /** A JPEG twice the bench size, which the SCALES rule resizes to exactly HEIGHT x WIDTH. */
    private PreprocessTiming preprocess() throws IOException {
        int srcH = height * 2;
        int srcW = width * 2;
        BufferedImage img = new BufferedImage(srcW, srcH, BufferedImage.TYPE_3BYTE_BGR);
        Random rnd = new Random(1);
        for (int y = 0; y < srcH; y++) {
            for (int x = 0; x < srcW; x++) {
                img.setRGB(x, y, ((x * 255 / srcW) << 16) | ((y * 255 / srcH) << 8) | rnd.nextInt(64));
            }
        }
        Path jpeg = Files.createTempFile("vlbert-bench", ".jpg");
        try {
            ImageIO.write(img, "jpg", jpeg.toFile());
            long t0 = System.nanoTime();
            RgbImage decoded = ImageDecoder.read(jpeg);
            long t1 = System.nanoTime();
            PreparedImage prepared = ImageTransform.reference(Math.min(height, width), Math.max(height, width))
                    .apply(decoded, false);
            long t2 = System.nanoTime();
            return new PreprocessTiming(decoded, prepared, (t1 - t0) / 1e6, (t2 - t1) / 1e6);
        } finally {
            Files.deleteIfExists(jpeg);
        }
    }

    /** Random boxes of 32 px to half the image, plus the whole image, in resized pixels. */
    private float[] randomBoxes(PreparedImage image) {
        Random rnd = new Random(2);
        float[] b = new float[(boxes + 1) * 4];
        for (int i = 0; i < boxes; i++) {
            float w = 32 + rnd.nextFloat() * (image.width() / 2f - 32);
            float h = 32 + rnd.nextFloat() * (image.height() / 2f - 32);
            float x = rnd.nextFloat() * (image.width() - 1 - w);
            float y = rnd.nextFloat() * (image.height() - 1 - h);
            b[i * 4] = x;
            b[i * 4 + 1] = y;
            b[i * 4 + 2] = x + w;
            b[i * 4 + 3] = y + h;
        }
        b[boxes * 4 + 2] = image.width() - 1;
        b[boxes * 4 + 3] = image.height() - 1;
        return b;
    }

    /** He-scaled conv weights and identity BatchNorms: activations stay O(1) (no denormals). */
    private static Map<String, HostTensor> randomWeights(Map<String, long[]> params) {
        Random rnd = new Random(3);
        Map<String, HostTensor> out = new LinkedHashMap<>();
        params.forEach((name, shape) -> {
            HostTensor t = HostTensor.allocate(DType.FLOAT, shape);
            var fb = t.floatView();
            if (shape.length == 4) {
                double std = Math.sqrt(2.0 / (shape[1] * shape[2] * shape[3]));
                for (int i = 0; i < fb.capacity(); i++) {
                    fb.put(i, (float) (rnd.nextGaussian() * std));
                }
            } else {
                float v = name.endsWith(".weight") || name.endsWith("running_var") ? 1f : 0f;
                for (int i = 0; i < fb.capacity(); i++) {
                    fb.put(i, v);
                }
            }
            out.put(name, t);
        });
        return out;
    }
}

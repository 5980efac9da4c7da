package org.vlbert.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.vlbert.config.VlbertConfig;
import org.vlbert.data.image.ImageTransform;
import org.vlbert.features.BoxFiles;
import org.vlbert.features.ExtractionJob;
import org.vlbert.features.ImageBoxes;
import org.vlbert.features.RegionFeatureExtractor;
import org.vlbert.features.RegionFeatureGraph;
import org.vlbert.features.VisualCheckpoint;
import org.vlbert.graphs.model.visual.ResNetSpec;
import org.vlbert.graphs.tensor.HostTensor;
import org.vlbert.io.VisualWeightImporter;
import org.vlbert.monitor.ProgressBar;
import org.vlbert.runtime.OrtSessions;
import org.vlbert.tasks.VisualSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code vlbert extract-features}: region features of new images with the end-to-end ResNet. */
@Command(name = "extract-features", mixinStandardHelpOptions = true,
        description = {"Computes 2048-d region features for images and given boxes with the reference's"
                + " end-to-end visual module (ResNet-101 to res4, legacy RoIAlign 14x14, dilated res5 head, average"
                + " pool) and writes them in the region Arrow schema, usable by every task as precomputed features.",
                "Images are resized to SCALES (PIL bilinear), normalised with NETWORK.PIXEL_MEANS/STDS; boxes are in"
                + " original-image pixels and are written unchanged. Resumable: rerun the same command after an"
                + " interruption; images already done are skipped."})
public final class ExtractFeaturesCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = "--images", required = true, paramLabel = "DIR",
            description = "Directory of the image files (JPEG, PNG, BMP, GIF).")
    private Path images;

    @Option(names = "--boxes", required = true, paramLabel = "FILE",
            description = {"Boxes per image: .jsonl with one {\"image_id\": ..., \"boxes\": [[x1, y1, x2, y2], ...],"
                    + " \"file\": optional path under DIR} per line, or a region .arrow file (its image_id and boxes)."
                    + " Without \"file\" the image is DIR/<image_id>[.jpg|.jpeg|.png]."})
    private Path boxes;

    @Mixin
    private ConfigOptions config;

    @Option(names = "--ckpt", paramLabel = "FILE",
            description = {"Visual weights: the reference ResNet file (resnet101-pt-vgbua-0000.model), a VL-BERT"
                    + " end-to-end .model checkpoint, a .safetensors file or a vlbert checkpoint directory."
                    + " Default: NETWORK.IMAGE_PRETRAINED-<IMAGE_PRETRAINED_EPOCH>.model of the config."})
    private Path ckpt;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "Output region .arrow file.")
    private Path out;

    @Option(names = "--threads", defaultValue = "2", description = "ONNX Runtime intra-op threads (default: ${DEFAULT-VALUE}).")
    private int threads;

    @Option(names = "--device", defaultValue = "cpu", description = "cpu, cuda or cuda:N (default: ${DEFAULT-VALUE}).")
    private String device;

    @Option(names = "--shard-size", defaultValue = "64", paramLabel = "N",
            description = "Images per resumable shard (default: ${DEFAULT-VALUE}).")
    private int shardSize;

    @Option(names = "--image-box-feature", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Also store the whole image's feature (the image as one more RoI) in image_box_feature"
                    + " (default: on; --no-image-box-feature turns it off).")
    private boolean imageBoxFeature;

    @Override
    public Integer call() throws IOException {
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter stdout = spec.commandLine().getOut();
        VlbertConfig cfg = config.load(spec);
        ResNetSpec resnet = VisualSettings.spec(cfg);
        ImageTransform transform = VisualSettings.transform(cfg);
        if (!Files.isDirectory(images)) {
            throw new VlbertException(images + ": not a directory (--images)");
        }
        if (shardSize < 1) {
            throw new VlbertException("--shard-size must be at least 1, got " + shardSize);
        }
        List<ImageBoxes> items = BoxFiles.read(boxes);
        Path weightsFile = ckpt != null ? ckpt : defaultCheckpoint(cfg);
        ExtractionJob.Settings settings = new ExtractionJob.Settings(images, items, out, imageBoxFeature, shardSize,
                metadata(cfg, resnet, weightsFile));
        OrtSessions.Settings ort = new OrtSessions.Settings(threads, OrtSessions.Device.parse(device), true);
        stdout.printf("extracting %d images (%s, weights %s) into %s%n", items.size(), resnet, weightsFile, out);
        stdout.flush();
        ExtractionJob.Report r;
        try (RegionFeatureExtractor extractor = open(resnet, weightsFile, ort)) {
            ExtractionJob job = new ExtractionJob(settings, transform, extractor, m -> {
                err.println("warning: " + m);
                err.flush();
            });
            r = job.run(ProgressBar.forConsole("extract", items.size()));
        }
        stdout.printf("done: %d extracted, %d already done, %d bad; %s (%.1f MB) in %.1f s (%.2f images/s)%n",
                r.extracted(), r.resumed(), r.bad().size(), r.output(), r.bytes() / 1e6, r.seconds(),
                r.extracted() / Math.max(r.seconds(), 1e-9));
        if (!r.bad().isEmpty()) {
            stdout.printf("bad images are listed in %s.bad.tsv%n", out);
        }
        stdout.flush();
        return 0;
    }

    /** The session holds the weights; the host copies are dropped when this returns. */
    private static RegionFeatureExtractor open(ResNetSpec resnet, Path weightsFile, OrtSessions.Settings ort) {
        Map<String, HostTensor> weights = VisualCheckpoint.load(weightsFile, RegionFeatureGraph.parameters(resnet));
        return new RegionFeatureExtractor(resnet, weights, ort);
    }

    /** Provenance in the output's schema metadata; a resumed run must match it. */
    private static Map<String, String> metadata(VlbertConfig cfg, ResNetSpec resnet, Path weightsFile)
            throws IOException {
        Path sized = Files.isDirectory(weightsFile) ? weightsFile.resolve("params.safetensors") : weightsFile;
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("vlbert.writer", "vlbert extract-features");
        meta.put("vlbert.extract.checkpoint", weightsFile.toAbsolutePath().normalize() + " ("
                + (Files.exists(sized) ? Files.size(sized) + " bytes" : "missing") + ")");
        meta.put("vlbert.extract.resnet", resnet.toString());
        meta.put("vlbert.extract.transform", "SCALES " + cfg.general().scales() + ", PIXEL_MEANS "
                + cfg.getList("NETWORK.PIXEL_MEANS", Double.class) + ", PIXEL_STDS "
                + cfg.getList("NETWORK.PIXEL_STDS", Double.class));
        return meta;
    }

    private static Path defaultCheckpoint(VlbertConfig cfg) {
        String prefix = cfg.getString("NETWORK.IMAGE_PRETRAINED");
        if (prefix.isEmpty()) {
            throw new VlbertException("no weights: pass --ckpt, or set NETWORK.IMAGE_PRETRAINED in " + cfg.source());
        }
        return VisualWeightImporter.pretrainedFile(prefix, cfg.getInt("NETWORK.IMAGE_PRETRAINED_EPOCH"));
    }
}

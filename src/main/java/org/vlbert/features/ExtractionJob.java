package org.vlbert.features;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.apache.arrow.vector.types.pojo.Schema;
import org.vlbert.cli.VlbertException;
import org.vlbert.data.image.BadImageException;
import org.vlbert.data.image.ImageDecoder;
import org.vlbert.data.image.ImageTransform;
import org.vlbert.data.image.PreparedImage;
import org.vlbert.data.image.RgbImage;
import org.vlbert.data.schema.RegionSchema;
import org.vlbert.io.AtomicFiles;
import org.vlbert.monitor.ProgressBar;

/**
 * Extracts region features for a list of images and writes one region Arrow file.
 *
 * <p>Resumable: finished images go to numbered shard files in {@code <out>.parts/} (each written
 * atomically), unusable images to {@code <out>.parts/bad.tsv}; a rerun skips every image found
 * there. When all images are done the shards are merged into {@code <out>} (atomically) and the
 * parts directory is removed; the bad-image list, if any, is kept as {@code <out>.bad.tsv}.
 */
public final class ExtractionJob {
    /** What to extract and where to. */
    public record Settings(Path imageDir, List<ImageBoxes> images, Path out, boolean imageBoxFeature, int shardSize,
                           Map<String, String> metadata) {}

    /** An image that could not be used and why. */
    public record BadImage(String imageId, String file, String reason) {}

    /** The outcome: images extracted in this run, images found done by an earlier run, bad ones. */
    public record Report(int total, int extracted, int resumed, List<BadImage> bad, Path output, long bytes,
                         double seconds) {}

    private static final String[] EXTENSIONS = {"", ".jpg", ".jpeg", ".png", ".JPG", ".JPEG", ".PNG"};
    private static final String BAD_FILE = "bad.tsv";

    private final Settings s;
    private final ImageTransform transform;
    private final Featurizer featurizer;
    private final Consumer<String> warn;

    public ExtractionJob(Settings settings, ImageTransform transform, Featurizer featurizer, Consumer<String> warn) {
        if (settings.shardSize() < 1) {
            throw new IllegalArgumentException("shard size must be at least 1");
        }
        this.s = settings;
        this.transform = transform;
        this.featurizer = featurizer;
        this.warn = warn;
    }

    public Path partsDir() {
        return s.out().resolveSibling(s.out().getFileName() + ".parts");
    }

    public Report run(ProgressBar progress) throws IOException {
        long start = System.nanoTime();
        Path parts = partsDir();
        Schema schema = RegionSchema.schema(new RegionSchema.Layout((int) featurizer.featureDim(), false,
                s.imageBoxFeature(), 0, 0, false, false), s.metadata());
        if (Files.exists(s.out()) && !Files.exists(parts)) {
            // A finished output of an earlier run: keep its images, add the new ones.
            Files.createDirectories(parts);
            Files.copy(s.out(), parts.resolve(shardName(0)));
        }
        Files.createDirectories(parts);
        List<Path> shards = shards(parts);
        Set<String> done = new HashSet<>();
        for (Path shard : shards) {
            Schema found = RegionArrowReader.schema(shard);
            if (!found.equals(schema)) {
                throw new VlbertException(shard + " was written with other settings (" + found.getCustomMetadata()
                        + ", fields " + found.getFields().size() + ") than this run (" + schema.getCustomMetadata()
                        + ", fields " + schema.getFields().size() + "); remove " + parts + " and " + s.out()
                        + " or choose another --out");
            }
            done.addAll(RegionArrowReader.imageIds(shard));
        }
        List<BadImage> bad = readBad(parts.resolve(BAD_FILE));
        bad.forEach(b -> done.add(b.imageId()));
        int resumed = (int) s.images().stream().filter(i -> done.contains(i.imageId())).count();

        List<RegionRecord> pending = new ArrayList<>();
        int extracted = 0;
        int next = shards.size();
        long seen = resumed;
        progress.update(seen);
        try (BufferedWriter badLog = Files.newBufferedWriter(parts.resolve(BAD_FILE), StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
            for (ImageBoxes item : s.images()) {
                if (done.contains(item.imageId())) {
                    continue;
                }
                try {
                    pending.add(extract(item));
                    extracted++;
                } catch (BadImageException e) {
                    BadImage b = new BadImage(item.imageId(), e.file() == null ? "" : e.file().toString(),
                            e.getMessage());
                    bad.add(b);
                    badLog.write(b.imageId() + "\t" + b.file() + "\t" + b.reason().replace('\t', ' ').replace('\n', ' '));
                    badLog.newLine();
                    badLog.flush();
                    warn.accept("bad image " + e.getMessage());
                }
                if (pending.size() == s.shardSize()) {
                    writeShard(parts, next++, schema, pending);
                    pending.clear();
                }
                progress.update(++seen);
            }
        }
        if (!pending.isEmpty()) {
            writeShard(parts, next, schema, pending);
        }
        progress.finish(seen);
        long bytes = merge(parts, schema);
        return new Report(s.images().size(), extracted, resumed, bad, s.out(), bytes,
                (System.nanoTime() - start) / 1e9);
    }

    /** One image: decode, transform, features of its boxes (and of the whole image). */
    private RegionRecord extract(ImageBoxes item) {
        Path file = locate(item);
        float[] boxes = item.boxes();
        for (int i = 0; i < item.numBoxes(); i++) {
            float x1 = boxes[i * 4];
            float y1 = boxes[i * 4 + 1];
            float x2 = boxes[i * 4 + 2];
            float y2 = boxes[i * 4 + 3];
            if (!(Float.isFinite(x1) && Float.isFinite(y1) && Float.isFinite(x2) && Float.isFinite(y2))
                    || x2 < x1 || y2 < y1) {
                throw new BadImageException(file, "box " + i + " [" + x1 + ", " + y1 + ", " + x2 + ", " + y2
                        + "] is not a finite (x1, y1, x2, y2) with x1 <= x2, y1 <= y2", "Fix the boxes file");
            }
        }
        RgbImage img = ImageDecoder.read(file);
        PreparedImage prepared = transform.apply(img, false);
        int n = item.numBoxes();
        float[] all = boxes;
        if (s.imageBoxFeature()) {
            all = java.util.Arrays.copyOf(boxes, boxes.length + 4);
            all[boxes.length + 2] = img.width() - 1;
            all[boxes.length + 3] = img.height() - 1;
        }
        float[] features = featurizer.extract(prepared, prepared.transformBoxes(all));
        int dim = (int) featurizer.featureDim();
        float[] perBox = java.util.Arrays.copyOf(features, n * dim);
        float[] whole = s.imageBoxFeature() ? java.util.Arrays.copyOfRange(features, n * dim, (n + 1) * dim) : null;
        return new RegionRecord(item.imageId(), img.width(), img.height(), boxes.clone(), perBox, whole);
    }

    private Path locate(ImageBoxes item) {
        if (item.file() != null) {
            return s.imageDir().resolve(item.file());
        }
        for (String ext : EXTENSIONS) {
            Path p = s.imageDir().resolve(item.imageId() + ext);
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        throw new BadImageException(s.imageDir().resolve(item.imageId()), "no image file for id '" + item.imageId()
                + "' (tried the id with no extension, .jpg, .jpeg and .png)", "Give its path as \"file\" in the boxes file");
    }

    private static void writeShard(Path parts, int index, Schema schema, List<RegionRecord> rows) throws IOException {
        Path shard = parts.resolve(shardName(index));
        AtomicFiles.write(shard, ch -> {
            try (RegionArrowWriter w = new RegionArrowWriter(ch, schema)) {
                w.write(rows);
            }
        });
    }

    private static String shardName(int index) {
        return String.format("shard-%06d.arrow", index);
    }

    /** Complete shards in order (temporary files of an interrupted write are ignored). */
    private static List<Path> shards(Path parts) throws IOException {
        try (Stream<Path> files = Files.list(parts)) {
            return files.filter(p -> p.getFileName().toString().matches("shard-\\d{6}\\.arrow"))
                    .sorted(Comparator.comparing(p -> p.getFileName().toString())).toList();
        }
    }

    private static List<BadImage> readBad(Path file) throws IOException {
        List<BadImage> out = new ArrayList<>();
        if (!Files.exists(file)) {
            return out;
        }
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            String[] f = line.split("\t", 3);
            if (f.length == 3) {
                out.add(new BadImage(f[0], f[1], f[2]));
            }
        }
        return out;
    }

    /** Merges the shards into the output, keeps the bad list beside it, removes the parts directory. */
    private long merge(Path parts, Schema schema) throws IOException {
        List<Path> shards = shards(parts);
        AtomicFiles.write(s.out(), ch -> {
            try (RegionArrowWriter w = new RegionArrowWriter(ch, schema)) {
                for (Path shard : shards) {
                    w.copyFrom(shard);
                }
                if (shards.isEmpty()) {
                    w.write(List.of());
                }
            }
        });
        Path bad = parts.resolve(BAD_FILE);
        Path badOut = s.out().resolveSibling(s.out().getFileName() + ".bad.tsv");
        if (Files.exists(bad) && Files.size(bad) > 0) {
            Files.move(bad, badOut, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } else {
            Files.deleteIfExists(bad);
            Files.deleteIfExists(badOut);
        }
        for (Path shard : shards) {
            Files.delete(shard);
        }
        try {
            Files.delete(parts);
        } catch (java.nio.file.DirectoryNotEmptyException e) {
            throw new VlbertException(parts + " holds files that are not shards of this extraction; remove them", e);
        }
        return Files.size(s.out());
    }
}

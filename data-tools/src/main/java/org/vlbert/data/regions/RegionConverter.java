package org.vlbert.data.regions;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.vlbert.data.DataException;
import org.vlbert.data.convert.BadInputException;
import org.vlbert.data.convert.ConversionOptions;
import org.vlbert.data.convert.ConversionReport;
import org.vlbert.data.convert.InputFiles;
import org.vlbert.data.convert.LineInput;

/**
 * {@code vlbert data convert-features}: bottom-up-attention detector output → a regions file
 * ({@link org.vlbert.data.schema.RegionSchema}). Two input forms:
 * <ul>
 *   <li>TSV files, one image per line, base64 arrays, no quoting: the BUTD
 *       {@code generate_tsv.py} layout by default, a header line if the file has one, or an
 *       explicit field list ({@code --fields});</li>
 *   <li>the per-image JSON files VL-BERT reads ({@code <image_id>.json} with the same fields plus
 *       {@code classes}, {@code attrs}, {@code image_box_feature}), in a directory or a zip.</li>
 * </ul>
 * Memory stays bounded: one image is decoded at a time and rows are flushed in batches.
 */
public final class RegionConverter {
    /** Default region feature width of the BUTD ResNet-101 detector. */
    public static final int BUTD_FEATURE_DIM = 2048;

    /**
     * @param featureDim width D of each region feature
     * @param fp16       store features as float16 (half the size; the loader converts back)
     * @param tsvFields  comma-separated TSV field names, or null to use a header line or the BUTD layout
     */
    public record Settings(int featureDim, boolean fp16, String tsvFields) {
        public static Settings defaults() {
            return new Settings(BUTD_FEATURE_DIM, false, null);
        }
    }

    private RegionConverter() {}

    public static ConversionReport fromTsv(List<Path> inputs, Path output, Settings settings, ConversionOptions options) {
        long totalBytes = InputFiles.totalSize(inputs);
        try (RegionWriter writer = new RegionWriter(output, settings, options)) {
            long doneBefore = 0;
            for (Path input : inputs) {
                try (LineInput in = new LineInput(input)) {
                    String[] names = null;
                    for (String line = in.next(writer.bad()); line != null; line = in.next(writer.bad())) {
                        if (line.isBlank()) {
                            continue;
                        }
                        String[] cols = line.split("\t", -1);
                        if (names == null) {
                            names = fieldNames(settings, cols);
                            if (names == null) {
                                names = header(cols, in.location());
                                continue;
                            }
                        }
                        String[] current = names;
                        writer.accept(() -> toMap(current, cols, in.location()), in.location());
                        options.progress().update(doneBefore + in.bytesRead(), totalBytes);
                    }
                    doneBefore += in.size();
                }
            }
            return writer.finish();
        }
    }

    /** The field names for a TSV: explicit, else null when {@code firstRow} is a header, else BUTD. */
    private static String[] fieldNames(Settings settings, String[] firstRow) {
        if (settings.tsvFields() != null) {
            return canonical(settings.tsvFields().split(","));
        }
        String first = RegionFields.canonical(firstRow[0]);
        if (first.equals(RegionFields.IMAGE_ID) && firstRow.length > 1 && !looksNumeric(firstRow[1])) {
            return null;
        }
        return canonical(RegionFields.BUTD_TSV_FIELDS.split(","));
    }

    private static String[] header(String[] cols, String at) {
        String[] names = canonical(cols);
        List<String> list = Arrays.asList(names);
        for (String required : List.of(RegionFields.IMAGE_ID, RegionFields.NUM_BOXES, RegionFields.BOXES,
                RegionFields.FEATURES)) {
            if (!list.contains(required)) {
                throw new BadInputException(at, "header has no '" + required + "' column");
            }
        }
        return names;
    }

    private static boolean looksNumeric(String s) {
        return !s.isBlank() && s.strip().chars().allMatch(c -> Character.isDigit(c) || c == '.' || c == '-');
    }

    private static String[] canonical(String[] names) {
        String[] out = new String[names.length];
        for (int i = 0; i < names.length; i++) {
            out[i] = RegionFields.canonical(names[i]);
        }
        return out;
    }

    private static Map<String, String> toMap(String[] names, String[] cols, String at) {
        if (cols.length != names.length) {
            throw new BadInputException(at, "expected " + names.length + " tab-separated fields ("
                    + String.join(",", names) + "), found " + cols.length);
        }
        Map<String, String> m = new HashMap<>();
        for (int i = 0; i < names.length; i++) {
            m.put(names[i], cols[i]);
        }
        return m;
    }

    /** Converts a directory or zip of per-image JSON files (every {@code *.json}, in name order). */
    public static ConversionReport fromJson(Path dirOrZip, Path output, Settings settings, ConversionOptions options) {
        if (Files.isDirectory(dirOrZip)) {
            List<Path> files;
            try (Stream<Path> s = Files.list(dirOrZip)) {
                files = s.filter(p -> p.getFileName().toString().endsWith(".json")).sorted().toList();
            } catch (IOException e) {
                throw new DataException(dirOrZip + ": cannot list (" + e.getMessage() + ")", e);
            }
            long total = InputFiles.totalSize(files);
            try (RegionWriter writer = new RegionWriter(output, settings, options)) {
                long done = 0;
                for (Path file : files) {
                    String at = file.toString();
                    writer.accept(() -> {
                        try (InputStream in = Files.newInputStream(file)) {
                            return jsonFields(in, stem(file.getFileName().toString()), at);
                        } catch (IOException e) {
                            throw new DataException(at + ": cannot read (" + e.getMessage() + ")", e);
                        }
                    }, at);
                    done += InputFiles.size(file);
                    options.progress().update(done, total);
                }
                return writer.finish();
            }
        }
        return fromZip(dirOrZip, output, settings, options);
    }

    private static ConversionReport fromZip(Path zip, Path output, Settings settings, ConversionOptions options) {
        if (!Files.exists(zip)) {
            throw new DataException(zip + ": no such file or directory");
        }
        try (ZipFile zf = new ZipFile(zip.toFile());
             RegionWriter writer = new RegionWriter(output, settings, options)) {
            List<ZipEntry> entries = new ArrayList<>();
            for (Iterator<? extends ZipEntry> it = zf.entries().asIterator(); it.hasNext(); ) {
                ZipEntry e = it.next();
                if (!e.isDirectory() && e.getName().endsWith(".json")) {
                    entries.add(e);
                }
            }
            entries.sort(Comparator.comparing(ZipEntry::getName));
            long total = entries.stream().mapToLong(e -> Math.max(0, e.getSize())).sum();
            long done = 0;
            for (ZipEntry entry : entries) {
                String at = zip + "@/" + entry.getName();
                String name = entry.getName().substring(entry.getName().lastIndexOf('/') + 1);
                writer.accept(() -> {
                    try (InputStream in = zf.getInputStream(entry)) {
                        return jsonFields(in, stem(name), at);
                    } catch (IOException e) {
                        throw new DataException(at + ": cannot read (" + e.getMessage() + ")", e);
                    }
                }, at);
                done += Math.max(0, entry.getSize());
                options.progress().update(done, total);
            }
            return writer.finish();
        } catch (IOException e) {
            throw new DataException(zip + ": not a readable directory or zip (" + e.getMessage() + ")", e);
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private static Map<String, String> jsonFields(InputStream in, String fileStem, String at) throws IOException {
        JsonNode root;
        try {
            root = JSON.readTree(in);
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? at : at + ":" + e.getLocation().getLineNr();
            throw new BadInputException(where, "malformed JSON (" + e.getOriginalMessage() + ")");
        }
        if (root == null || !root.isObject()) {
            throw new BadInputException(at, "expected a JSON object");
        }
        Map<String, String> m = new HashMap<>();
        for (Map.Entry<String, JsonNode> e : root.properties()) {
            JsonNode v = e.getValue();
            if (v.isValueNode() && !v.isNull()) {
                m.put(RegionFields.canonical(e.getKey()), v.asText());
            }
        }
        m.putIfAbsent(RegionFields.IMAGE_ID, fileStem);
        return m;
    }

    private static String stem(String name) {
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }
}

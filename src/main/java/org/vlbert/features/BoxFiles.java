package org.vlbert.features;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.vlbert.cli.VlbertException;

/**
 * Reads the boxes to extract features for. Two formats, by file name:
 * <ul>
 *   <li>{@code .jsonl}: one JSON object per line, {@code {"image_id": "...", "boxes": [[x1, y1, x2,
 *       y2], ...]}} with an optional {@code "file"} (path relative to the image directory);
 *       coordinates in original-image pixels.</li>
 *   <li>{@code .arrow}: a region file (e.g. converted detector output); its {@code image_id} and
 *       {@code boxes} columns are used.</li>
 * </ul>
 */
public final class BoxFiles {
    private static final ObjectMapper JSON = new ObjectMapper();

    private BoxFiles() {}

    public static List<ImageBoxes> read(Path file) {
        String name = file.getFileName().toString();
        List<ImageBoxes> out;
        try {
            if (name.endsWith(".jsonl") || name.endsWith(".json")) {
                out = jsonl(file);
            } else if (name.endsWith(".arrow") || name.endsWith(".feather")) {
                out = RegionArrowReader.boxes(file);
            } else {
                throw new VlbertException(file + ": unknown boxes format; use a .jsonl file (one {\"image_id\", "
                        + "\"boxes\"} object per line) or a region .arrow file");
            }
        } catch (NoSuchFileException e) {
            throw new VlbertException(file + ": no such boxes file");
        } catch (IOException e) {
            throw new VlbertException("cannot read " + file + ": " + e.getMessage(), e);
        }
        Set<String> seen = new HashSet<>();
        for (ImageBoxes b : out) {
            if (!seen.add(b.imageId())) {
                throw new VlbertException(file + ": image id '" + b.imageId() + "' appears twice; merge its boxes"
                        + " into one entry");
            }
        }
        return out;
    }

    private static List<ImageBoxes> jsonl(Path file) throws IOException {
        List<ImageBoxes> out = new ArrayList<>();
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            int lineNo = 0;
            while ((line = r.readLine()) != null) {
                lineNo++;
                if (line.isBlank()) {
                    continue;
                }
                out.add(entry(file, lineNo, line));
            }
        }
        return out;
    }

    private static ImageBoxes entry(Path file, int lineNo, String line) {
        String at = file + ":" + lineNo;
        JsonNode n;
        try {
            n = JSON.readTree(line);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new VlbertException(at + ": not valid JSON (" + e.getOriginalMessage() + ")");
        }
        JsonNode id = n.get("image_id");
        if (id == null || !(id.isTextual() || id.isIntegralNumber())) {
            throw new VlbertException(at + ": needs \"image_id\" (a string or an integer)");
        }
        JsonNode fileNode = n.get("file");
        JsonNode boxes = n.get("boxes");
        if (boxes == null || !boxes.isArray()) {
            throw new VlbertException(at + ": needs \"boxes\": [[x1, y1, x2, y2], ...] in original-image pixels");
        }
        float[] b = new float[boxes.size() * 4];
        for (int i = 0; i < boxes.size(); i++) {
            JsonNode box = boxes.get(i);
            if (!box.isArray() || box.size() != 4) {
                throw new VlbertException(at + ": box " + i + " must be [x1, y1, x2, y2], got " + box);
            }
            for (int c = 0; c < 4; c++) {
                if (!box.get(c).isNumber()) {
                    throw new VlbertException(at + ": box " + i + " has a non-number " + box.get(c));
                }
                b[i * 4 + c] = box.get(c).floatValue();
            }
        }
        return new ImageBoxes(id.asText(), fileNode == null || fileNode.isNull() ? null : fileNode.asText(), b);
    }
}

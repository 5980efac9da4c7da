package org.vlbert.data.vcr;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.vlbert.data.DataException;

/**
 * A VCR per-image metadata file ({@code metadata_fn}, tasks.md §2.2): {@code boxes} x1, y1, x2, y2,
 * score per object in original pixels, {@code segms} per object a list of polygons (each a list of
 * [x, y] points, kept flat here), and the optional {@code width}, {@code height} and {@code names}
 * (the reference reads only boxes and segms).
 */
public record VcrMetadata(Integer width, Integer height, float[][] boxes, float[][][] segms, List<String> names) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Reads {@code file}; every problem is a {@link DataException} naming the file and the field. */
    public static VcrMetadata read(Path file) {
        JsonNode m;
        try {
            m = JSON.readTree(Files.readAllBytes(file));
        } catch (NoSuchFileException e) {
            throw new DataException("VCR metadata file " + file + " does not exist");
        } catch (JsonProcessingException e) {
            throw new DataException("VCR metadata file " + file + " is malformed JSON (" + e.getOriginalMessage() + ")");
        } catch (IOException e) {
            throw new DataException(file + ": cannot read (" + e.getMessage() + ")", e);
        }
        return parse(m, reason -> new DataException("VCR metadata file " + file + ": " + reason));
    }

    /**
     * The metadata in a parsed document.
     *
     * @param error turns a problem ("boxes[2] must be ...") into the exception to throw
     */
    public static VcrMetadata parse(JsonNode m, Function<String, RuntimeException> error) {
        JsonNode boxes = m.get("boxes");
        JsonNode segms = m.get("segms");
        if (boxes == null || !boxes.isArray() || segms == null || !segms.isArray()) {
            throw error.apply("\"boxes\" and \"segms\" must be lists");
        }
        if (boxes.size() != segms.size()) {
            throw error.apply("has " + boxes.size() + " boxes but " + segms.size() + " segms");
        }
        int n = boxes.size();
        float[][] b = new float[n][];
        float[][][] s = new float[n][][];
        for (int o = 0; o < n; o++) {
            b[o] = floats(boxes.get(o), 5, "metadata boxes[" + o + "]", error);
            JsonNode polys = segms.get(o);
            if (!polys.isArray()) {
                throw error.apply("metadata segms[" + o + "] is not a list of polygons");
            }
            s[o] = new float[polys.size()][];
            for (int p = 0; p < polys.size(); p++) {
                JsonNode points = polys.get(p);
                float[] flat = new float[points.size() * 2];
                for (int k = 0; k < points.size(); k++) {
                    float[] xy = floats(points.get(k), 2, "metadata segms[" + o + "][" + p + "][" + k + "]", error);
                    flat[2 * k] = xy[0];
                    flat[2 * k + 1] = xy[1];
                }
                s[o][p] = flat;
            }
        }
        List<String> names = null;
        if (m.path("names").isArray()) {
            names = new ArrayList<>();
            for (JsonNode x : m.get("names")) {
                names.add(x.asText());
            }
        }
        Integer width = m.hasNonNull("width") ? m.get("width").asInt() : null;
        Integer height = m.hasNonNull("height") ? m.get("height").asInt() : null;
        return new VcrMetadata(width, height, b, s, names);
    }

    private static float[] floats(JsonNode node, int n, String what, Function<String, RuntimeException> error) {
        if (node == null || !node.isArray() || node.size() != n) {
            throw error.apply(what + " must be a list of " + n + " numbers, got " + node);
        }
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            if (!node.get(i).isNumber()) {
                throw error.apply(what + " must be a list of " + n + " numbers, got " + node);
            }
            out[i] = (float) node.get(i).asDouble();
        }
        return out;
    }
}

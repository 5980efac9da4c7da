package org.vlbert.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.vlbert.data.vcr.VcrMetadata;
import org.vlbert.data.vcr.VcrTask;
import org.vlbert.export.PackageTask;
import org.vlbert.export.Query;

/**
 * Reads the queries of a {@code predict --questions} JSONL file (docs/export.md): one JSON object
 * per line with {@code image_id}, the text under the task's input name, and for VCR the choices,
 * the answer (QA→R) and the objects. VCR lines may also be lines of the VCR annotation files
 * ({@code img_fn}, token lists, {@code answer_choices}/{@code rationale_choices}, {@code answer_label});
 * for end-to-end packages their {@code img_fn} and {@code metadata_fn} are read from the images folder.
 */
final class PredictQueries {
    private static final ObjectMapper JSON = new ObjectMapper();

    private PredictQueries() {}

    /**
     * @param vcrTask the package's VCR task, or null for other packages
     * @param images  end-to-end packages: the folder that the lines' "image" paths are relative to; null
     *                for packages on region features
     */
    static List<Query> read(Path file, PackageTask task, VcrTask vcrTask, Path images) throws IOException {
        List<Query> out = new ArrayList<>();
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            int lineNo = 0;
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                lineNo++;
                if (line.isBlank()) {
                    continue;
                }
                String where = "line " + lineNo + " of " + file;
                JsonNode n;
                try {
                    n = JSON.readTree(line);
                } catch (IOException e) {
                    throw new VlbertException(file + " line " + lineNo + " is not JSON: " + e.getMessage());
                }
                Query q = task == PackageTask.VCR ? vcr(n, vcrTask, where, images) : text(n, task, where, images);
                out.add(q);
            }
        }
        if (out.isEmpty()) {
            throw new VlbertException(file + " holds no queries");
        }
        return out;
    }

    private static Query text(JsonNode n, PackageTask task, String where, Path images) {
        String text = n.path(task.textInput()).isTextual() ? n.path(task.textInput()).asText()
                : n.path("text").isTextual() ? n.path("text").asText() : null;
        if (images != null) {
            if (text == null || !n.path("image").isTextual() || !n.has("boxes")) {
                throw new VlbertException(where + " needs \"image\" (a file, relative to " + images + "), \"boxes\""
                        + " and \"" + task.textInput() + "\"");
            }
            Path file = images.resolve(n.get("image").asText());
            String imageId = n.path("image_id").isValueNode() ? n.get("image_id").asText() : n.get("image").asText();
            return new Query(id(n), imageId, text, List.of(), null, List.of(), where,
                    new Query.PixelInput(file, boxes(n.get("boxes"), where + " \"boxes\"")));
        }
        JsonNode img = n.get("image_id");
        if (text == null || img == null || !(img.isTextual() || img.isNumber())) {
            throw new VlbertException(where + " needs \"image_id\" and \"" + task.textInput() + "\"");
        }
        return new Query(id(n), img.asText(), text, List.of(), null, List.of(), where);
    }

    /** Candidate boxes given as JSON text, e.g. {@code [[10, 20, 110, 220], [0, 0, 50, 50]]}. */
    static float[][] boxes(String json, String where) {
        try {
            return boxes(JSON.readTree(json), where);
        } catch (IOException e) {
            throw new VlbertException(where + " is not JSON: " + e.getMessage());
        }
    }

    static float[][] boxes(JsonNode n, String where) {
        if (n == null || !n.isArray()) {
            throw new VlbertException(where + " must be a list of boxes [[x1, y1, x2, y2], ...]");
        }
        float[][] out = new float[n.size()][];
        for (int i = 0; i < n.size(); i++) {
            JsonNode b = n.get(i);
            if (!b.isArray() || b.size() != 4) {
                throw new VlbertException(where + ": box " + i + " must be [x1, y1, x2, y2], got " + b);
            }
            out[i] = new float[4];
            for (int c = 0; c < 4; c++) {
                if (!b.get(c).isNumber()) {
                    throw new VlbertException(where + ": box " + i + " must hold 4 numbers, got " + b);
                }
                out[i][c] = b.get(c).floatValue();
            }
        }
        return out;
    }

    private static Query vcr(JsonNode n, VcrTask task, String where, Path images) {
        JsonNode img = n.has("image_id") ? n.get("image_id") : n.has("img_fn") ? n.get("img_fn") : n.get("image");
        if (img == null || !(img.isTextual() || img.isNumber())) {
            throw new VlbertException(where + " needs \"image_id\" (or the VCR annotation's \"img_fn\")");
        }
        Query.PixelInput pixels = null;
        VcrMetadata meta = null;
        if (images != null) {
            String file = n.path("image").isTextual() ? n.get("image").asText() : n.path("img_fn").asText(null);
            String metaFile = n.path("metadata").isTextual() ? n.get("metadata").asText()
                    : n.path("metadata_fn").asText(null);
            if (file == null || metaFile == null) {
                throw new VlbertException(where + " needs \"img_fn\" and \"metadata_fn\" (or \"image\" and"
                        + " \"metadata\"), relative to " + images);
            }
            meta = VcrMetadata.read(images.resolve(metaFile));
            pixels = new Query.PixelInput(images.resolve(file), meta.boxes(), meta.segms());
        }
        if (!n.has("question")) {
            throw new VlbertException(where + " needs \"question\"");
        }
        String question = sentence(n.get("question"), where + " \"question\"");
        String choiceKey = n.has("choices") ? "choices" : task == VcrTask.Q2A ? "answer_choices" : "rationale_choices";
        JsonNode choiceList = n.get(choiceKey);
        if (choiceList == null || !choiceList.isArray()) {
            throw new VlbertException(where + " needs \"choices\": the 4 " + (task == VcrTask.Q2A ? "answers"
                    : "rationales") + " (or the VCR annotation's \"" + (task == VcrTask.Q2A ? "answer_choices"
                    : "rationale_choices") + "\")");
        }
        List<String> choices = new ArrayList<>();
        for (JsonNode c : choiceList) {
            choices.add(sentence(c, where + " \"" + choiceKey + "\""));
        }
        String answer = null;
        if (task == VcrTask.QA2R) {
            if (n.has("answer")) {
                answer = sentence(n.get("answer"), where + " \"answer\"");
            } else if (n.path("answer_choices").isArray() && n.path("answer_label").canConvertToInt()
                    && n.get("answer_label").asInt() >= 0 && n.get("answer_label").asInt() < n.get("answer_choices")
                    .size()) {
                answer = sentence(n.get("answer_choices").get(n.get("answer_label").asInt()),
                        where + " \"answer_choices\"");
            } else {
                throw new VlbertException(where + " needs \"answer\" (the answer the rationales justify), or"
                        + " \"answer_choices\" with \"answer_label\"");
            }
        }
        List<String> objects = new ArrayList<>();
        JsonNode o = n.get("objects");
        if (o != null) {
            if (!o.isArray()) {
                throw new VlbertException(where + ": \"objects\" must be a list of COCO class names");
            }
            o.forEach(x -> objects.add(x.asText()));
        } else if (meta != null && meta.names() != null) {
            objects.addAll(meta.names());
        }
        return new Query(id(n), img.asText(), question, choices, answer, objects, where, pixels);
    }

    /** A sentence as typed text, or a VCR token list (words and region-index lists) written as text. */
    static String sentence(JsonNode n, String where) {
        if (n.isTextual()) {
            return n.asText();
        }
        if (!n.isArray()) {
            throw new VlbertException(where + " must be text or a VCR token list");
        }
        List<String> words = new ArrayList<>();
        for (JsonNode t : n) {
            if (t.isTextual()) {
                words.add(t.asText());
            } else if (t.isArray() && !t.isEmpty()) {
                List<String> group = new ArrayList<>();
                for (JsonNode i : t) {
                    if (!i.canConvertToInt() || i.asInt() < 0) {
                        throw new VlbertException(where + ": region reference " + t + " must list region indices");
                    }
                    group.add(Integer.toString(i.asInt()));
                }
                words.add("[" + String.join(", ", group) + "]");
            } else {
                throw new VlbertException(where + ": token " + t + " is neither a word nor a list of region indices");
            }
        }
        return String.join(" ", words);
    }

    private static String id(JsonNode n) {
        return n.hasNonNull("id") ? n.get("id").asText() : n.hasNonNull("annot_id") ? n.get("annot_id").asText() : null;
    }
}

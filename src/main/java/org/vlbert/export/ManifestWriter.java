package org.vlbert.export;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.vlbert.data.vqa.ImageResize;
import org.vlbert.graphs.artifacts.ArtifactInfo;
import org.vlbert.graphs.artifacts.TensorInfo;

/** Writes {@code manifest.json}: format, provenance, model IO, processing steps and file checksums. */
final class ManifestWriter {
    private ManifestWriter() {}

    /** Where the model came from and how it was produced. */
    record Source(String producerVersion, String config, String configHash, String checkpoint,
                  ObjectNode optimization) {}

    /** The test data set: its folder and the samples its inputs were built from. */
    record TestData(String dir, List<String> inputFiles, List<String> outputFiles, List<String> samples) {}

    static ObjectNode write(Path root, PackageTask task, ArtifactInfo model, String modelFile, String externalData,
                            Source source, ImageResize resize, boolean pixels, TestData test) throws IOException {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode m = f.objectNode();
        m.put("format", Manifest.FORMAT);
        m.put("format_version", Manifest.FORMAT_VERSION);
        ObjectNode producer = m.putObject("producer");
        producer.put("name", "vlbert-java");
        producer.put("version", source.producerVersion());
        m.put("task", task.id());
        ObjectNode src = m.putObject("source");
        src.put("config", source.config());
        src.put("config_hash", source.configHash());
        src.put("checkpoint", source.checkpoint());

        ObjectNode mod = m.putObject("model");
        mod.put("file", modelFile);
        if (externalData == null) {
            mod.putNull("external_data");
        } else {
            mod.put("external_data", externalData);
        }
        mod.put("ir_version", model.irVersion());
        ObjectNode opsets = mod.putObject("opset_imports");
        model.opsets().entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(e -> opsets.put(e.getKey().isEmpty() ? "ai.onnx" : e.getKey(), e.getValue()));
        mod.put("parameters", model.parameterCount());
        mod.set("optimization", source.optimization());

        ArrayNode inputs = m.putArray("inputs");
        Map<String, String> inDesc = pixels ? task.pixelInputDescriptions() : task.inputDescriptions();
        for (TensorInfo t : model.inputs()) {
            io(inputs.addObject(), t, inDesc.getOrDefault(t.name(), ""));
        }
        ArrayNode outputs = m.putArray("outputs");
        Map<String, String> outDesc = task.outputDescriptions();
        for (TensorInfo t : model.outputs()) {
            io(outputs.addObject(), t, outDesc.getOrDefault(t.name(), ""));
        }
        if (pixels) {
            pixelPreprocessing(m.putArray("preprocessing"), task, resize);
        } else {
            preprocessing(m.putArray("preprocessing"), task, resize);
        }
        postprocessing(m.putArray("postprocessing"), task);

        ObjectNode td = m.putObject("test_data");
        td.put("dir", test.dir());
        td.put("convention", "ONNX model zoo: input_<i>.pb / output_<i>.pb are serialised onnx.TensorProto"
                + " (name = graph input/output name, raw little-endian data), in graph input/output order");
        test.inputFiles().forEach(td.putArray("inputs")::add);
        test.outputFiles().forEach(td.putArray("outputs")::add);
        test.samples().forEach(td.putArray("samples")::add);
        td.put("tolerance", "max |output - expected| <= 1e-4 + 1e-4*|expected| across ONNX Runtime versions and"
                + " bindings (the export's own tests hold 1e-5)");

        ArrayNode files = m.putArray("files");
        for (Path p : listFiles(root)) {
            String rel = root.relativize(p).toString().replace('\\', '/');
            if (rel.equals(Manifest.FILE)) {
                continue;
            }
            ObjectNode e = files.addObject();
            e.put("path", rel);
            e.put("bytes", Files.size(p));
            e.put("sha256", Sha256.of(p));
        }
        return m;
    }

    private static List<Path> listFiles(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(Files::isRegularFile).sorted().toList();
        }
    }

    private static void io(ObjectNode o, TensorInfo t, String description) {
        o.put("name", t.name());
        o.put("dtype", t.dtype());
        ArrayNode shape = o.putArray("shape");
        for (Object d : t.shape()) {
            if (d instanceof Long l) {
                shape.add(l);
            } else {
                shape.add(String.valueOf(d));
            }
        }
        o.put("description", description);
    }

    private static ObjectNode step(ArrayNode steps, String name, String description) {
        ObjectNode s = steps.addObject();
        s.put("step", name);
        s.put("description", description);
        return s.putObject("parameters");
    }

    private static void preprocessing(ArrayNode steps, PackageTask task, ImageResize resize) {
        if (task == PackageTask.VCR) {
            vcrPreprocessing(steps, resize);
            return;
        }
        tokenize(steps, task);
        regionSteps(steps, resize);
    }

    private static void tokenize(ArrayNode steps, PackageTask task) {
        ObjectNode tok = step(steps, "tokenize", "BERT uncased WordPiece: clean text, split on whitespace and"
                + " punctuation, lower-case, strip accents, then greedy longest-match WordPieces with '##'"
                + " continuations; a word longer than max_input_chars_per_word or not coverable becomes [UNK]."
                + " Ids are line numbers of vocab.txt. Do not add special tokens.");
        tok.put("vocab", "vocab.txt");
        tok.put("tokenizer_json", "tokenizer.json");
        tok.put("input", task.textInput());
        tok.put("max_input_chars_per_word", TokenizerJson.MAX_INPUT_CHARS_PER_WORD);
        tok.put("add_special_tokens", false);
    }

    private static void regionSteps(ArrayNode steps, ImageResize resize) {
        ObjectNode regions = step(steps, "regions", "Take the image's detected regions (x1, y1, x2, y2 in"
                + " original pixels, and a 2048-d feature each) and put the whole image first: box [0, 0, w-1, h-1]"
                + " with the stored whole-image feature, or the mean of the region features.");
        regions.put("feature_dim", 2048);
        regions.put("whole_image_box_first", true);

        ObjectNode rs = step(steps, "resize_boxes", "Scale box coordinates to the resized image (config.json"
                + " visual.resize: shorter side to scales[0], longer side at most scales[1]), then clamp to it;"
                + " im_info = [new_w, new_h, new_w/w, new_h/h].");
        rs.putArray("scales").add(resize.minSize()).add(resize.maxSize());

        ObjectNode pad = step(steps, "batch", "Stack samples: boxes rows padded with -2 to the batch's largest box"
                + " count; text ids right-padded with 0.");
        pad.put("boxes_padding_value", -2.0);
        pad.put("text_padding_value", 0);
    }

    /** End-to-end models: the image itself and its boxes (VCR: and instance masks) with the text. */
    private static void pixelPreprocessing(ArrayNode steps, PackageTask task, ImageResize resize) {
        if (task == PackageTask.VCR) {
            vcrText(steps);
            imageStep(steps, resize, " Then zero-pad at the bottom and right to the FixPadding size: (scales[1] wide,"
                    + " scales[0] high) for landscape images, (scales[0], scales[1]) for portrait ones.");
            step(steps, "boxes", "boxes rows: the whole image [0, 0, w-1, h-1, 1, 0] first, then each region [x1, y1,"
                    + " x2, y2, score, class index] from the VCR metadata, coordinates scaled to the resized image and"
                    + " clamped; im_info = [new_w, new_h, new_w/w, new_h/h, 0].");
            step(steps, "masks", "Per region a 14x14 mask in box coordinates: polygon point (x, y) maps to u ="
                    + " (x-x1)*14/(x2-x1+1), v = (y-y1)*14/(y2-y1+1), each clamped to [0, 13]; cells inside a polygon"
                    + " (even-odd rule on integer cells, scikit-image draw.polygon) are 1, polygons OR-ed; the whole"
                    + " image all 1.");
            ObjectNode pad = step(steps, "batch", "Stack queries: images zero-padded to the batch's largest; boxes and"
                    + " masks rows padded with -1; question and answer_choices rows padded with -2.");
            pad.put("boxes_padding_value", -1.0);
            pad.put("text_padding_value", -2);
            return;
        }
        tokenize(steps, task);
        imageStep(steps, resize, "");
        step(steps, "boxes", "Candidate boxes (x1, y1, x2, y2 in pixels of the original image), the whole image"
                + " [0, 0, w-1, h-1] first; scale each axis to the resized image and clamp to it; im_info = [new_w,"
                + " new_h, new_w/w, new_h/h].");
        ObjectNode pad = step(steps, "batch", "Stack samples: images zero-padded at the bottom and right to the"
                + " batch's largest height and width; box rows padded with -2 to the largest box count; text ids"
                + " right-padded with 0.");
        pad.put("boxes_padding_value", -2.0);
        pad.put("text_padding_value", 0);
    }

    private static void imageStep(ArrayNode steps, ImageResize resize, String more) {
        ObjectNode img = step(steps, "image", "Decode the image as 8-bit RGB, resize it with PIL's bilinear filter"
                + " to the size of config.json visual.resize.rule, then build BGR planes: (byte - pixel_means[c]) /"
                + " pixel_stds[c] (config.json visual.image)." + more);
        img.putArray("scales").add(resize.minSize()).add(resize.maxSize());
    }

    /** VCR inputs (tasks.md §2.2–2.3 in the reference's terms; config.json "vcr" has the tables). */
    private static void vcrPreprocessing(ArrayNode steps, ImageResize resize) {
        vcrText(steps);
        ObjectNode regions = step(steps, "regions", "boxes rows: the whole image [0, 0, w-1, h-1, 1, 0] first, then"
                + " each region [x1, y1, x2, y2, score, class index]; box_features: the stored whole-image feature (or"
                + " the mean of the region features), then each region's feature.");
        regions.put("feature_dim", 2048);
        ObjectNode rs = step(steps, "resize_boxes", "Scale box coordinates to the resized image (shorter side to"
                + " scales[0], longer side at most scales[1]), then clamp to it; im_info = [new_w, new_h, new_w/w,"
                + " new_h/h, 0].");
        rs.putArray("scales").add(resize.minSize()).add(resize.maxSize());
        ObjectNode pad = step(steps, "batch", "Stack queries: boxes rows padded with -1 and box_features rows with 0"
                + " to the batch's largest region count; question rows padded with -2 to the longest question;"
                + " answer_choices [batch, 4, length, 3] padded with -2 to the longest choice.");
        pad.put("boxes_padding_value", -1.0);
        pad.put("text_padding_value", -2);
    }

    /** The VCR text steps: naming, tagging and truncation (the same for both kinds of VCR package). */
    private static void vcrText(ArrayNode steps) {
        ObjectNode names = step(steps, "name_regions", "Name each region of the image by its COCO class"
                + " (config.json vcr.object_classes); regions of class 'person' get vcr.person_names in turn, starting"
                + " at the first name for every query.");
        names.put("person_names", "config.json vcr.person_names");
        ObjectNode tok = step(steps, "tokenize_with_tags", "Split the question, the answer (QA->R) and each choice"
                + " into words and region references [i] / [i, j]. A word becomes its BERT uncased WordPieces with"
                + " tag 0; a reference [o1, o2, ...] becomes the pieces of name(o1) with tag o1+1, then for each"
                + " further region the piece 'and' (tag 0) and the pieces of its name (tag o+1). Each row is (id, tag,"
                + " align id); the model does not read the align id. Tags as config.json vcr.object_tag says.");
        tok.put("vocab", "vocab.txt");
        tok.put("add_special_tokens", false);
        step(steps, "join_and_truncate", "QA->R: the question slot is the question followed by the answer, no"
                + " [SEP]. Truncate per choice to config.json vcr.max_text_pieces as config.json text.truncation"
                + " says.");
    }

    private static void postprocessing(ArrayNode steps, PackageTask task) {
        if (task == PackageTask.VCR) {
            ObjectNode s = step(steps, "softmax", "probability_k = softmax(label_logits)_k over the 4 choices (as the"
                    + " reference's test script); the prediction is the most probable choice.");
            s.put("output", "label_logits");
            return;
        }
        if (task == PackageTask.VQA) {
            ObjectNode s = step(steps, "sigmoid", "score_i = 1 / (1 + exp(-label_logits_i)) per answer (the model"
                    + " was trained with per-answer binary cross-entropy on soft VQA scores).");
            s.put("output", "label_logits");
            ObjectNode k = step(steps, "top_k", "Sort answers by score; the answer of column i is line i of"
                    + " answers.txt. The VQA prediction is the top-1 answer.");
            k.put("labels", "answers.txt");
        } else {
            ObjectNode s = step(steps, "select_box", "pred_boxes already holds the highest-scoring box in original"
                    + " pixels; its score is sigmoid(max label_logits) and its row index the argmax (row 0 = whole"
                    + " image, row r = region r-1).");
            s.put("output", "pred_boxes");
        }
    }
}

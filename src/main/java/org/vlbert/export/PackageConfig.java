package org.vlbert.export;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.vlbert.config.VlbertConfig;
import org.vlbert.config.VlbertCoreConfig;
import org.vlbert.data.image.ImageTransform;
import org.vlbert.data.tokenizer.BertTokenizer;
import org.vlbert.data.vqa.ImageResize;
import org.vlbert.data.vcr.VcrNames;
import org.vlbert.data.vcr.VcrTask;
import org.vlbert.graphs.model.vlbert.RegionFeatures;
import org.vlbert.tasks.vcr.VcrTaskData;

/**
 * {@code config.json} of a package: the model's sizes and every convention a client needs to
 * build inputs (tokenizer, special ids, box layout, resize rule). {@link #read} takes back the
 * values predict uses.
 *
 * @param numLabels answers (VQA) or 0
 * @param vcr       the VCR text and box conventions, or null for other tasks
 * @param pixels    the image transform of an end-to-end model (the package takes images), or null
 *                  when it takes precomputed region features
 */
public record PackageConfig(PackageTask task, int maxPositionEmbeddings, int featureDim, ImageResize resize,
                            int numLabels, Vcr vcr, ImageTransform pixels) {
    public static final String FILE = "config.json";

    /**
     * How a VCR package builds its inputs (config.json {@code vcr}).
     *
     * @param task             Q2A (choices are answers) or QA2R (question + answer; choices are rationales)
     * @param addImageAsABox   DATASET.ADD_IMAGE_AS_A_BOX: the whole image is box 0 and region r is box r+1
     * @param onlyRelevantDets DATASET.ONLY_USE_RELEVANT_DETS: keep only the regions the text mentions
     * @param maxTextPieces    the dataset's truncation length (question + choice WordPieces)
     */
    public record Vcr(VcrTask task, boolean addImageAsABox, boolean onlyRelevantDets, int maxTextPieces) {}

    /**
     * The config.json document of a model built from {@code cfg}.
     *
     * @param pixels the image transform of an end-to-end model, or null (precomputed features)
     */
    public static ObjectNode write(VlbertConfig cfg, PackageTask task, BertTokenizer tokenizer, ImageResize resize,
                                   int numLabels, ImageTransform pixels) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        VlbertCoreConfig v = cfg.vlbert();
        ObjectNode root = f.objectNode();
        root.put("task", task.id());
        ObjectNode model = root.putObject("model");
        model.put("architecture", "VL-BERT (Su et al., ICLR 2020), post-LN BERT encoder over text + regions");
        model.put("hidden_size", v.hiddenSize());
        model.put("num_hidden_layers", v.numHiddenLayers());
        model.put("num_attention_heads", v.numAttentionHeads());
        model.put("intermediate_size", v.intermediateSize());
        model.put("vocab_size", v.vocabSize());
        model.put("type_vocab_size", v.typeVocabSize());
        model.put("max_position_embeddings", v.maxPositionEmbeddings());
        model.put("image_final_dim", cfg.network().imageFinalDim());
        if (task == PackageTask.VQA) {
            model.put("classifier_type", cfg.network().classifierType());
            model.put("num_answers", numLabels);
        }

        ObjectNode text = root.putObject("text");
        text.put("input", task.textInput());
        text.put("tokenizer", "BERT WordPiece, uncased (pytorch_pretrained_bert 0.6.0 BertTokenizer)");
        text.put("vocab_file", "vocab.txt");
        text.put("tokenizer_file", "tokenizer.json");
        text.put("do_lower_case", true);
        text.put("max_input_chars_per_word", TokenizerJson.MAX_INPUT_CHARS_PER_WORD);
        text.put("padding_id", tokenizer.padId());
        ObjectNode ids = text.putObject("special_token_ids");
        ids.put("[PAD]", tokenizer.padId());
        ids.put("[UNK]", tokenizer.unkId());
        ids.put("[CLS]", tokenizer.clsId());
        ids.put("[SEP]", tokenizer.sepId());
        ids.put("[MASK]", tokenizer.maskId());
        if (task == PackageTask.VCR) {
            vcr(root, cfg, text);
        } else {
            text.put("added_by_model", task == PackageTask.VQA ? "[CLS] question [SEP] [MASK] [SEP]"
                    : "[CLS] expression [SEP]");
            text.put("truncation", "none (as the reference); the text's WordPieces + "
                    + (task == PackageTask.VQA ? 4 : 2) + " + boxes (whole image included) + 1 must not exceed"
                    + " max_position_embeddings");
        }

        ObjectNode visual = root.putObject("visual");
        visual.put("input", pixels == null ? "region_features" : "pixels");
        if (pixels != null) {
            ObjectNode image = visual.putObject("image");
            image.put("decode", "8-bit RGB (JPEG, PNG, ...), no colour management");
            image.put("resize", "PIL bilinear to the size of visual.resize.rule");
            image.put("channels", "BGR planes, CHW");
            image.put("normalise", "value = (rgb_byte / 255 * 255 - pixel_means[c]) / pixel_stds[c], float32");
            float[] means = pixels.meansBgr();
            float[] stds = pixels.stdsBgr();
            image.putArray("pixel_means").add(means[0]).add(means[1]).add(means[2]);
            image.putArray("pixel_stds").add(stds[0]).add(stds[1]).add(stds[2]);
            image.put("padding", task == PackageTask.VCR ? "zeros at the bottom and right, to the FixPadding size"
                    + " (scales[1] wide and scales[0] high for landscape images, the other way round for portrait"
                    + " ones), then to the batch's largest height and width"
                    : "zeros at the bottom and right, to the batch's largest height and width");
            image.put("backbone", "ResNet-101 inside model.onnx computes a feature per box (RoIAlign on the"
                    + " image), so the package needs no detector features");
        }
        visual.put("feature_dim", RegionFeatures.FEATURE_DIM);
        visual.put("features", "one pooled detector feature per region (BUTD Faster R-CNN ResNet-101 pool5, 2048-d),"
                + " float32, not normalised");
        visual.put("box_coordinates", "x1, y1, x2, y2 (inclusive pixel corners), first 4 columns of each boxes row");
        if (task == PackageTask.VCR) {
            visual.put("box_row", "4 coordinates, detection score (not used by the model), COCO class index;"
                    + (pixels == null ? " the features are the separate input box_features"
                    : " each row's 14x14 instance mask is the separate input masks"));
            visual.put("box_padding_value", -1.0);
            visual.put("feature_padding_value", 0.0);
            visual.put("real_box_rule", "a row is a real box iff its y2 > -0.5");
        } else if (pixels != null) {
            visual.put("box_row", "4 coordinates");
            visual.put("box_padding_value", -2.0);
            visual.put("real_box_rule", "a row is a real box iff its x1 > -1.5");
        } else {
            visual.put("box_row", "4 coordinates then feature_dim feature values");
            visual.put("box_padding_value", -2.0);
            visual.put("real_box_rule", "a row is a real box iff its x1 > -1.5");
        }
        visual.put("whole_image_box", "row 0: [0, 0, width-1, height-1] with the stored whole-image feature, or the mean"
                + " of the region features when none is stored");
        ObjectNode r = visual.putObject("resize");
        r.putArray("scales").add(resize.minSize()).add(resize.maxSize());
        r.put("rule", "size = scales[0]; if max(w,h)/min(w,h)*size > scales[1]: size = int(scales[1]*min(w,h)/max(w,h));"
                + " if the shorter side already equals size keep (w,h); else if w < h: (size, int(size*h/w)) else"
                + " (int(size*w/h), size); float32 arithmetic");
        r.put("boxes", "x *= new_w/w, y *= new_h/h, then clamp x to [0, new_w-1] and y to [0, new_h-1]");
        r.put("im_info", "[new_w, new_h, new_w/w, new_h/h] (float32)");
        if (task == PackageTask.VQA) {
            ObjectNode labels = root.putObject("labels");
            labels.put("file", "answers.txt");
            labels.put("count", numLabels);
            labels.put("score", "sigmoid(label_logits)");
        }
        return root;
    }

    /** The values predict needs from a package's config.json. */
    public static PackageConfig read(JsonNode root, String file) {
        PackageTask task = PackageTask.parse(text(root, "task", file), file);
        int maxPositions = integer(root.path("model"), "max_position_embeddings", file + " model");
        int featureDim = integer(root.path("visual"), "feature_dim", file + " visual");
        JsonNode scales = root.path("visual").path("resize").path("scales");
        if (!scales.isArray() || scales.size() != 2 || !scales.get(0).canConvertToInt()
                || !scales.get(1).canConvertToInt()) {
            throw new PackageException(file + ": visual.resize.scales must be a list of two integers");
        }
        int labels = task == PackageTask.VQA ? integer(root.path("labels"), "count", file + " labels") : 0;
        Vcr vcr = task == PackageTask.VCR ? readVcr(root.path("vcr"), file + " vcr") : null;
        ImageResize resize = new ImageResize(scales.get(0).asInt(), scales.get(1).asInt());
        ImageTransform pixels = "pixels".equals(root.path("visual").path("input").asText())
                ? readPixels(root.path("visual").path("image"), resize, file + " visual.image") : null;
        return new PackageConfig(task, maxPositions, featureDim, resize, labels, vcr, pixels);
    }

    private static ImageTransform readPixels(JsonNode image, ImageResize resize, String where) {
        return new ImageTransform(resize.minSize(), resize.maxSize(), three(image, "pixel_means", where),
                three(image, "pixel_stds", where));
    }

    private static float[] three(JsonNode n, String key, String where) {
        JsonNode v = n.get(key);
        if (v == null || !v.isArray() || v.size() != 3 || !v.get(0).isNumber() || !v.get(1).isNumber()
                || !v.get(2).isNumber()) {
            throw new PackageException(where + ": " + key + " must be a list of 3 numbers (B, G, R)");
        }
        return new float[] {v.get(0).floatValue(), v.get(1).floatValue(), v.get(2).floatValue()};
    }

    /** The VCR section: settings predict uses, plus the tables a client in another language needs. */
    private static void vcr(ObjectNode root, VlbertConfig cfg, ObjectNode text) {
        text.put("added_by_model", "per choice: [CLS] question [SEP] choice [SEP] (question in segment 0, choice in"
                + " segment 1)");
        text.put("truncation", "per choice, while question + choice WordPieces > vcr.max_text_pieces: Q->A pops the"
                + " choice's last piece when the choice is longer than the question, else the question's; QA->R"
                + " pops the rationale if it is longer than question + answer, else the question while it has more"
                + " than one piece, else the answer (the question's pops persist across choices)");
        ObjectNode v = root.putObject("vcr");
        VcrTask task = VcrTask.parse(cfg.dataset().task());
        v.put("task", task.name());
        v.put("choices", task == VcrTask.Q2A ? "answers" : "rationales (the question slot holds question + answer,"
                + " joined without [SEP])");
        v.put("num_choices", 4);
        v.put("add_image_as_a_box", cfg.dataset().addImageAsABox());
        v.put("only_use_relevant_dets", cfg.dataset().onlyUseRelevantDets());
        v.put("max_text_pieces", VcrTaskData.SEQ_LEN);
        v.put("object_references", "in the text, [i] or [i, j] (0-based indices into the image's regions, as VCR"
                + " annotations write them); a group [o1, o2, ...] becomes name(o1) 'and' name(o2) ...");
        v.put("object_tag", "region r's name pieces get tag r+1 when add_image_as_a_box (else r); other pieces 0 (else"
                + " -1)");
        v.put("person_naming", "regions of class 'person' are named person_names[c] with c starting at 0 for each"
                + " query and advancing by one per person region in region order (mod 13); other regions are named by"
                + " their class");
        VcrNames.GENDER_NEUTRAL_NAMES.forEach(v.putArray("person_names")::add);
        VcrNames.COCO_CLASSES.forEach(v.putArray("object_classes")::add);
        v.put("probabilities", "softmax of label_logits over the 4 choices");
    }

    private static Vcr readVcr(JsonNode v, String where) {
        VcrTask task;
        try {
            task = VcrTask.parse(text(v, "task", where));
        } catch (IllegalArgumentException e) {
            throw new PackageException(where + ": " + e.getMessage(), e);
        }
        JsonNode image = v.get("add_image_as_a_box");
        JsonNode relevant = v.get("only_use_relevant_dets");
        if (image == null || !image.isBoolean() || relevant == null || !relevant.isBoolean()) {
            throw new PackageException(where + ": add_image_as_a_box and only_use_relevant_dets must be true or false");
        }
        return new Vcr(task, image.asBoolean(), relevant.asBoolean(), integer(v, "max_text_pieces", where));
    }

    static String text(JsonNode n, String key, String where) {
        JsonNode v = n.get(key);
        if (v == null || !v.isTextual()) {
            throw new PackageException(where + ": missing text field '" + key + "'");
        }
        return v.asText();
    }

    static int integer(JsonNode n, String key, String where) {
        JsonNode v = n.get(key);
        if (v == null || !v.canConvertToInt()) {
            throw new PackageException(where + ": missing integer field '" + key + "'");
        }
        return v.asInt();
    }
}

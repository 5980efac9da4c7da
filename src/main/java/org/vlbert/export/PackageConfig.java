package org.vlbert.export;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.vlbert.config.VlbertConfig;
import org.vlbert.config.VlbertCoreConfig;
import org.vlbert.data.tokenizer.BertTokenizer;
import org.vlbert.data.vqa.ImageResize;
import org.vlbert.graphs.model.vlbert.RegionFeatures;

/**
 * {@code config.json} of a package: the model's sizes and every convention a client needs to
 * build inputs (tokenizer, special ids, box layout, resize rule). {@link #read} takes back the
 * values predict uses.
 *
 * @param numLabels answers (VQA) or 0
 */
public record PackageConfig(PackageTask task, int maxPositionEmbeddings, int featureDim, ImageResize resize,
                            int numLabels) {
    public static final String FILE = "config.json";

    /** The config.json document of a model built from {@code cfg}. */
    public static ObjectNode write(VlbertConfig cfg, PackageTask task, BertTokenizer tokenizer, ImageResize resize,
                                   int numLabels) {
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
        text.put("added_by_model", task == PackageTask.VQA ? "[CLS] question [SEP] [MASK] [SEP]"
                : "[CLS] expression [SEP]");
        text.put("truncation", "none (as the reference); the text's WordPieces + " + (task == PackageTask.VQA ? 4 : 2)
                + " + boxes (whole image included) + 1 must not exceed max_position_embeddings");

        ObjectNode visual = root.putObject("visual");
        visual.put("feature_dim", RegionFeatures.FEATURE_DIM);
        visual.put("features", "one pooled detector feature per region (BUTD Faster R-CNN ResNet-101 pool5, 2048-d),"
                + " float32, not normalised");
        visual.put("box_coordinates", "x1, y1, x2, y2 (inclusive pixel corners), first 4 columns of each boxes row");
        visual.put("box_row", "4 coordinates then feature_dim feature values");
        visual.put("box_padding_value", -2.0);
        visual.put("real_box_rule", "a row is a real box iff its x1 > -1.5");
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
        return new PackageConfig(task, maxPositions, featureDim,
                new ImageResize(scales.get(0).asInt(), scales.get(1).asInt()), labels);
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

package org.vlbert.export;

import java.util.LinkedHashMap;
import java.util.Map;
import org.vlbert.config.VlbertConfig;

/**
 * The tasks an inference package can hold, with the names and meanings of their graph inputs and
 * outputs. All run on precomputed region features, and VCR and RefCOCO+ also on pixels (end-to-end
 * models); pretraining graphs are not exported.
 */
public enum PackageTask {
    VQA("vqa", "question", "label_logits"),
    REFCOCO("refcoco", "expression", "pred_boxes"),
    /** VCR Q→A or QA→R (config.json {@code vcr.task}): one question, 4 choices. */
    VCR("vcr", "question", "label_logits");

    private final String id;
    private final String textInput;
    private final String mainOutput;

    PackageTask(String id, String textInput, String mainOutput) {
        this.id = id;
        this.textInput = textInput;
        this.mainOutput = mainOutput;
    }

    public String id() {
        return id;
    }

    /** The graph input that takes the text's WordPiece ids. */
    public String textInput() {
        return textInput;
    }

    /** The output predict reports first. */
    public String mainOutput() {
        return mainOutput;
    }

    /** The package task of a config, or a clear error for what cannot be exported. */
    public static PackageTask of(VlbertConfig cfg) {
        PackageTask t = switch (cfg.task()) {
            case VQA -> VQA;
            case REFCOCO -> REFCOCO;
            case VCR -> VCR;
            case PRETRAIN -> throw new PackageException(cfg.source() + " is a pretraining config: export a model"
                    + " fine-tuned for VQA, VCR or RefCOCO+ instead");
        };
        if (!cfg.network().imageFeatPrecomputed() && t == VQA) {
            throw new PackageException(cfg.source() + ": NETWORK.IMAGE_FEAT_PRECOMPUTED is false; VQA models read"
                    + " precomputed region features");
        }
        return t;
    }

    /** The package task named {@code id} in a manifest. */
    public static PackageTask parse(String id, String file) {
        for (PackageTask t : values()) {
            if (t.id.equals(id)) {
                return t;
            }
        }
        throw new PackageException(file + ": unknown task '" + id + "' (this version runs vqa, vcr and refcoco"
                + " packages)");
    }

    /** What each graph input of an end-to-end model means (manifest "inputs"; VCR and RefCOCO+). */
    public Map<String, String> pixelInputDescriptions() {
        Map<String, String> m = new LinkedHashMap<>();
        if (this == VCR) {
            m.putAll(inputDescriptions());
            m.remove("box_features");
            m.put("image", "the resized image, BGR planes minus config.json visual.image.pixel_means, divided by"
                    + " pixel_stds, zero-padded at the bottom and right to the FixPadding size (scales[0] x scales[1]"
                    + " for landscape images, scales[1] x scales[0] for portrait ones) and then to the batch's largest");
            m.put("masks", "per box row a 14x14 instance mask in box coordinates (polygon cells 1, else 0; the whole"
                    + " image all 1); padding rows -1");
            return m;
        }
        m.put(RegionInputs.BOXES, "per image: row 0 the whole-image box [0, 0, w-1, h-1], then one row per candidate"
                + " box, x1, y1, x2, y2 in pixels of the resized image (config.json visual.resize); rows past an"
                + " image's last box are all -2");
        m.put("image", "the resized image, BGR planes minus config.json visual.image.pixel_means, divided by"
                + " pixel_stds, zero-padded at the bottom and right to the batch's largest height and width");
        m.put(RegionInputs.IM_INFO, "per image: resized width, resized height, x scale, y scale");
        m.put(textInput, "referring expression WordPiece ids without special tokens ([CLS], [SEP] are added by the"
                + " model), right-padded with 0 ([PAD])");
        return m;
    }

    /** What each graph input means (manifest "inputs"). */
    public Map<String, String> inputDescriptions() {
        Map<String, String> m = new LinkedHashMap<>();
        if (this == VCR) {
            m.put("boxes", "per query: row 0 the whole image [0, 0, w-1, h-1, 1, 0] (when config.json"
                    + " vcr.add_image_as_a_box), then one row per region: x1, y1, x2, y2 in pixels of the resized image"
                    + " (config.json visual.resize), detection score (not used by the model), COCO class index"
                    + " (config.json vcr.object_classes); rows past a query's last region are all -1");
            m.put("box_features", "the 2048-d feature of each boxes row (whole image: the stored whole-image feature or"
                    + " the mean of the region features); padding rows 0");
            m.put("question", "rows of (WordPiece id, tag, align id): tag 0 for words, r+1 for the pieces of region"
                    + " r's name; align ids are not used by the model; padding rows -2. QA->R: the question followed"
                    + " by the answer");
            m.put("answer_choices", "the 4 answers (Q->A) or rationales (QA->R), rows as in question, each padded"
                    + " with -2 to the longest");
            m.put("im_info", "per query: resized width, resized height, x scale, y scale, 0");
            return m;
        }
        m.put(RegionInputs.BOXES, "per image: row 0 the whole-image box [0, 0, w-1, h-1], then one row per detected"
                + " region; each row is x1, y1, x2, y2 in pixels of the resized image (see config.json visual.resize)"
                + " followed by the region's feature vector; rows past an image's last region are all -2");
        m.put(RegionInputs.IM_INFO, "per image: resized width, resized height, x scale, y scale");
        m.put(textInput, (this == VQA ? "question" : "referring expression")
                + " WordPiece ids without special tokens ([CLS], [SEP]"
                + (this == VQA ? ", [MASK]" : "") + " are added by the model), right-padded with 0 ([PAD])");
        return m;
    }

    /** What each graph output means (manifest "outputs"). */
    public Map<String, String> outputDescriptions() {
        Map<String, String> m = new LinkedHashMap<>();
        if (this == VCR) {
            m.put("label_logits", "one logit per choice [batch, 4]; probability = softmax over the 4 choices");
        } else if (this == VQA) {
            m.put("label_logits", "one logit per answer of answers.txt (line i = column i); score = sigmoid(logit)");
        } else {
            m.put("label_logits", "one logit per box row of the input (whole-image box included); rows past the"
                    + " batch's largest real-box count hold -10000");
            m.put("pred_boxes", "the box with the highest logit, x1, y1, x2, y2 in pixels of the original image");
        }
        return m;
    }
}

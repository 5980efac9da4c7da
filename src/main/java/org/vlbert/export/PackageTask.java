package org.vlbert.export;

import java.util.LinkedHashMap;
import java.util.Map;
import org.vlbert.config.Task;
import org.vlbert.config.VlbertConfig;

/**
 * The tasks an inference package can hold, with the names and meanings of their graph inputs and
 * outputs. Both run on precomputed region features; VCR and pretraining graphs are not exported.
 */
public enum PackageTask {
    VQA("vqa", "question", "label_logits"),
    REFCOCO("refcoco", "expression", "pred_boxes");

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
            case VCR -> throw new PackageException(cfg.source() + " is a VCR config: export supports VQA and"
                    + " RefCOCO+ models. VCR is not packaged: its text refers to the dataset's own detections by"
                    + " index (object tags and names), which a regions.arrow does not provide, and the shipped VCR"
                    + " models compute region features from pixels and instance masks");
            case PRETRAIN -> throw new PackageException(cfg.source() + " is a pretraining config: export a model"
                    + " fine-tuned for VQA or RefCOCO+ instead");
        };
        if (!cfg.network().imageFeatPrecomputed()) {
            throw new PackageException(cfg.source() + ": NETWORK.IMAGE_FEAT_PRECOMPUTED is false (features from"
                    + " pixels through ResNet-101); packages take precomputed region features, so export a model"
                    + " trained with IMAGE_FEAT_PRECOMPUTED: true");
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
        throw new PackageException(file + ": unknown task '" + id + "' (this version runs vqa and refcoco packages)");
    }

    /** Task for {@link Task}, used where the config is at hand. */
    public Task configTask() {
        return this == VQA ? Task.VQA : Task.REFCOCO;
    }

    /** What each graph input means (manifest "inputs"). */
    public Map<String, String> inputDescriptions() {
        Map<String, String> m = new LinkedHashMap<>();
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
        if (this == VQA) {
            m.put("label_logits", "one logit per answer of answers.txt (line i = column i); score = sigmoid(logit)");
        } else {
            m.put("label_logits", "one logit per box row of the input (whole-image box included); rows past the"
                    + " batch's largest real-box count hold -10000");
            m.put("pred_boxes", "the box with the highest logit, x1, y1, x2, y2 in pixels of the original image");
        }
        return m;
    }
}

package org.vlbert.config;

import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Checks across keys that the original enforces (assertions, or a crash later in training), so
 * that a bad combination fails at load time with the keys named.
 */
final class ConfigChecks {
    private final VlbertConfig config;
    private final Function<String, String> locate;
    private final Problems problems;

    private ConfigChecks(VlbertConfig config, Function<String, String> locate, Problems problems) {
        this.config = config;
        this.locate = locate;
        this.problems = problems;
    }

    /**
     * @param explicit locations of the keys given in the file or overrides; problems about other
     *                 keys are reported at the config's source
     */
    static void run(VlbertConfig config, Map<String, String> explicit, Problems problems) {
        ConfigChecks checks = new ConfigChecks(config,
                path -> explicit.getOrDefault(path, config.source()), problems);
        checks.headsDivideHidden();
        checks.visualWidthsAgree();
        checks.assertedFlags();
        checks.batchListsMatchDatasets();
        checks.lrStepsSorted();
        checks.vqaObjectEmbedding();
    }

    private void headsDivideHidden() {
        int hidden = config.getInt("NETWORK.VLBERT.hidden_size");
        int heads = config.getInt("NETWORK.VLBERT.num_attention_heads");
        if (hidden % heads != 0) {
            report("NETWORK.VLBERT.num_attention_heads", "NETWORK.VLBERT.hidden_size (" + hidden
                    + ") must be a multiple of NETWORK.VLBERT.num_attention_heads (" + heads + ")");
        }
    }

    private void visualWidthsAgree() {
        int finalDim = config.getInt("NETWORK.IMAGE_FINAL_DIM");
        int visual = config.getInt("NETWORK.VLBERT.visual_size");
        if (finalDim != visual) {
            report("NETWORK.IMAGE_FINAL_DIM", "NETWORK.IMAGE_FINAL_DIM (" + finalDim
                    + ") must equal NETWORK.VLBERT.visual_size (" + visual
                    + "): region features are projected to IMAGE_FINAL_DIM and read as visual_size wide");
        }
    }

    private void assertedFlags() {
        for (int i = 0; i < config.datasetCount(); i++) {
            if (Boolean.TRUE.equals(config.datasetValue(i, "CACHE_MODE"))) {
                String path = datasetPath(i, "CACHE_MODE");
                report(path, path + " must be false (the original asserts it)");
            }
        }
        if (!config.getBool("NETWORK.VLBERT.obj_pos_id_relative")) {
            report("NETWORK.VLBERT.obj_pos_id_relative",
                    "NETWORK.VLBERT.obj_pos_id_relative must be true (the original asserts it)");
        }
    }

    /** Pretraining: a list-valued BATCH_IMAGES gives one batch size per dataset of a DATASET list. */
    private void batchListsMatchDatasets() {
        for (String section : List.of("TRAIN", "VAL", "TEST")) {
            String path = section + ".BATCH_IMAGES";
            if (!(config.get(path) instanceof List<?> sizes)) {
                continue;
            }
            if (!config.hasDatasetList()) {
                report(path, path + " is a list, but DATASET is a single dataset: give one batch size");
            } else if (sizes.size() != config.datasetCount()) {
                report(path, path + " has " + sizes.size() + " entries but DATASET lists "
                        + config.datasetCount() + " datasets");
            }
        }
    }

    private void lrStepsSorted() {
        List<Double> steps = config.getList("TRAIN.LR_STEP", Double.class);
        for (int i = 1; i < steps.size(); i++) {
            if (steps.get(i) < steps.get(i - 1)) {
                report("TRAIN.LR_STEP", "TRAIN.LR_STEP must be non-decreasing, got '"
                        + ValueTypes.EPOCH_STEPS.toYaml(steps) + "'");
                return;
            }
        }
    }

    private void vqaObjectEmbedding() {
        int mode = config.getInt("NETWORK.VLBERT.object_word_embed_mode");
        if (config.task() == Task.VQA && mode != 2) {
            report("NETWORK.VLBERT.object_word_embed_mode", "NETWORK.VLBERT.object_word_embed_mode must be 2 for "
                    + "task vqa (the original VQA model asserts it), got " + mode);
        }
    }

    private String datasetPath(int index, String name) {
        return config.hasDatasetList() ? "DATASET[" + index + "]." + name : "DATASET." + name;
    }

    private void report(String keyForLocation, String message) {
        problems.add(locate.apply(keyForLocation), message);
    }
}

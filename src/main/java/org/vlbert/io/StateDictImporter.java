package org.vlbert.io;

import java.util.LinkedHashMap;
import java.util.Map;
import org.vlbert.graphs.tensor.HostTensor;

/**
 * Maps a checkpoint's state dict onto a model's parameters with the reference loading rules
 * (model.md §9.3–9.4, training.md §8.3–8.4). Pure mapping: nothing is read or written here.
 *
 * <p>Input: the source state dict (e.g. {@link TorchCheckpoint#stateDict()}), the target model's
 * parameter names and shapes in model order, and the rule set. Output: an {@link ImportResult}.
 */
public final class StateDictImporter {
    static final String MODULE_PREFIX = "module.";
    private static final String REL_HEAD = "vlbert.relationsip_head.caption_image_relationship.";

    private StateDictImporter() {}

    public static ImportResult importStateDict(Map<String, HostTensor> source, Map<String, long[]> target,
            ImportOptions options) {
        ImportCollector out = new ImportCollector(target);
        switch (options.ruleSet()) {
            case BERT -> new BertImportRules(out, target, options).apply(source);
            case PARTIAL_PRETRAIN -> partialLoad(source, out, options, false);
            case RESUME -> partialLoad(source, out, options, true);
        }
        return out.result();
    }

    /** The keys with {@code prefix} removed where present (e.g. {@code module.} of DDP checkpoints), order kept. */
    public static Map<String, HostTensor> stripPrefix(Map<String, HostTensor> stateDict, String prefix) {
        Map<String, HostTensor> out = new LinkedHashMap<>();
        stateDict.forEach((k, v) -> out.put(k.startsWith(prefix) ? k.substring(prefix.length()) : k, v));
        return out;
    }

    /**
     * Prefix rewriting (first matching rule wins, unmatched keys unchanged), the VCR extras, then
     * for each key: itself if the model has it, else with {@code module.} toggled, else unexpected.
     */
    private static void partialLoad(Map<String, HostTensor> source, ImportCollector out, ImportOptions options,
            boolean strict) {
        Map<String, HostTensor> parsed = new LinkedHashMap<>();
        Map<String, String> origin = new LinkedHashMap<>();
        for (Map.Entry<String, HostTensor> e : source.entrySet()) {
            String k = rewrite(e.getKey(), options);
            parsed.put(k, e.getValue());
            origin.put(k, e.getKey());
        }
        if (options.relationshipHeadInit()) {
            relationshipHeadInit(source, parsed, origin);
        }
        for (Map.Entry<String, HostTensor> e : parsed.entrySet()) {
            String key = e.getKey();
            String targetKey = out.hasTarget(key) ? key : toggleModule(key);
            HostTensor value = e.getValue();
            if (options.segmentBInit() && targetKey.endsWith("token_type_embeddings.weight") && out.hasTarget(targetKey)
                    && value.rank() == 2 && value.dim(0) >= 2) {
                int[] rows = new int[(int) value.dim(0)];
                for (int r = 0; r < rows.length; r++) {
                    rows[r] = r == 1 ? 0 : r;
                }
                value = ImportCollector.selectRows(value, rows);
            }
            out.offer(origin.get(key), targetKey, value);
        }
        if (strict) {
            for (String k : out.result().unexpected()) {
                out.violation("checkpoint key '" + k + "' matches no model parameter (with or without 'module.')");
            }
            for (String k : out.missingKeys()) {
                out.violation("model parameter '" + k + "' is not in the checkpoint");
            }
        }
    }

    private static String rewrite(String key, ImportOptions options) {
        for (ImportOptions.PrefixChange c : options.prefixChanges()) {
            if (key.startsWith(c.from())) {
                return c.to() + key.substring(c.from().length());
            }
        }
        return key;
    }

    private static String toggleModule(String key) {
        return key.startsWith(MODULE_PREFIX) ? key.substring(MODULE_PREFIX.length()) : MODULE_PREFIX + key;
    }

    /** VCR: the 2-way caption-image head becomes the 1-logit answer scorer, W[1] - W[0] and b[1] - b[0]. */
    private static void relationshipHeadInit(Map<String, HostTensor> source, Map<String, HostTensor> parsed,
            Map<String, String> origin) {
        for (String prefix : new String[] {MODULE_PREFIX + REL_HEAD, REL_HEAD}) {
            HostTensor w = source.get(prefix + "weight");
            HostTensor b = source.get(prefix + "bias");
            if (w != null && b != null && w.rank() == 2 && w.dim(0) == 2 && b.rank() == 1 && b.dim(0) == 2) {
                parsed.put("module.final_mlp.1.weight", rowDifference(w, new long[] {1, w.dim(1)}));
                origin.put("module.final_mlp.1.weight", prefix + "weight");
                parsed.put("module.final_mlp.1.bias", rowDifference(b.reshape(2, 1), new long[] {1}));
                origin.put("module.final_mlp.1.bias", prefix + "bias");
                return;
            }
        }
    }

    private static HostTensor rowDifference(HostTensor twoRows, long[] shape) {
        float[] v = twoRows.toFloatArrayConverted();
        int n = v.length / 2;
        float[] d = new float[n];
        for (int i = 0; i < n; i++) {
            d[i] = v[n + i] - v[i];
        }
        return HostTensor.ofFloats(shape, d);
    }
}

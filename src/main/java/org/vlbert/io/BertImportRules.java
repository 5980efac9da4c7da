package org.vlbert.io;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.vlbert.graphs.tensor.HostTensor;

/**
 * {@code VisualLinguisticBert.load_language_pretrained_model} (and its pretraining-subclass
 * variant) plus the VQA {@code "mlm"} classifier's transform load, as mapping rules.
 */
final class BertImportRules {
    private static final String WORD_EMBEDDINGS = "word_embeddings.weight";

    private final ImportCollector out;
    private final String core;
    private final boolean pretraining;
    private final boolean withPooler;
    private final boolean withMlmHead;
    private final boolean withRelHead;
    private final String mlmTransformTarget;

    BertImportRules(ImportCollector out, Map<String, long[]> target, ImportOptions options) {
        this.out = out;
        this.core = options.corePrefix() != null ? options.corePrefix() : detectCore(target);
        this.withMlmHead = out.hasTarget(core + "mlm_head.predictions.bias");
        this.withRelHead = out.hasTarget(core + "relationsip_head.caption_image_relationship.weight");
        this.pretraining = withMlmHead || withRelHead || target.keySet().stream().anyMatch(k -> k.startsWith(core + "mvrc_head."));
        this.withPooler = out.hasTarget(core + "pooler.dense.weight");
        this.mlmTransformTarget = options.mlmTransformTarget();
    }

    void apply(Map<String, HostTensor> source) {
        for (Map.Entry<String, HostTensor> e : source.entrySet()) {
            String key = e.getKey();
            HostTensor v = e.getValue();
            if (key.startsWith("bert.") || key.startsWith("roberta.")) {
                bodyKey(key, renameLayerNorm(key.substring(key.indexOf('.') + 1)), v);
            } else if (withRelHead && key.startsWith("cls.seq_relationship.")) {
                out.offer(key, core + "relationsip_head.caption_image_relationship."
                        + renameLayerNorm(key.substring("cls.seq_relationship.".length())), v);
            } else if (withMlmHead && (key.startsWith("cls.predictions.") || key.startsWith("lm_head."))) {
                out.offer(key, core + "mlm_head.predictions." + mlmHeadKey(key), v);
            } else if (mlmTransformTarget != null && key.startsWith("cls.predictions.transform.")) {
                out.offer(key, mlmTransformTarget + renameLayerNorm(key.substring("cls.predictions.transform.".length())), v);
            } else {
                out.unexpected(key);
            }
        }
        tieDecoder();
        checkStrictGroups();
    }

    private void bodyKey(String key, String k, HostTensor v) {
        if (k.startsWith("encoder.")) {
            out.offer(key, core + k, v);
        } else if (k.equals("embeddings.word_embeddings.weight")) {
            out.offer(key, core + WORD_EMBEDDINGS, v);
        } else if (k.equals("embeddings.position_embeddings.weight")) {
            out.offer(key, core + "position_embeddings.weight", v);
        } else if (k.equals("embeddings.token_type_embeddings.weight")) {
            tokenTypes(key, core + "token_type_embeddings.weight", v);
        } else if (k.startsWith("embeddings.LayerNorm.")) {
            out.offer(key, core + "embedding_LayerNorm." + k.substring("embeddings.LayerNorm.".length()), v);
        } else if (withPooler && k.startsWith("pooler.")) {
            out.offer(key, core + k, v);
        } else {
            out.unexpected(key);
        }
    }

    /**
     * BERT has 2 segment rows, VL-BERT 3: rows 0..n-1 are copied, the rest keep their values. A
     * 1-row table (RoBERTa) also fills row 1, and row 2 too in the base (task) model.
     */
    private void tokenTypes(String key, String targetKey, HostTensor v) {
        if (!out.hasTarget(targetKey)) {
            out.unexpected(key);
            return;
        }
        long[] want = out.targetShape(targetKey);
        long[] have = v.shape();
        if (have.length != 2 || want.length != 2 || have[1] != want[1] || have[0] < 1 || have[0] > want[0]) {
            out.mismatch(key, targetKey, have);
            return;
        }
        List<int[]> pairs = new ArrayList<>(); // {targetRow, sourceRow}
        for (int r = 0; r < have[0]; r++) {
            pairs.add(new int[] {r, r});
        }
        if (have[0] == 1) {
            for (int r = 1; r <= (pretraining ? 1 : 2) && r < want[0]; r++) {
                pairs.add(new int[] {r, 0});
            }
        }
        int[] targetRows = pairs.stream().mapToInt(p -> p[0]).toArray();
        HostTensor rows = ImportCollector.selectRows(v, pairs.stream().mapToInt(p -> p[1]).toArray());
        if (targetRows.length == want[0]) {
            out.offer(key, targetKey, rows);
        } else {
            out.offerRows(key, targetKey, targetRows, rows);
        }
    }

    /** The MLM decoder is the word-embedding Parameter; its strict load runs last, so its value wins. */
    private void tieDecoder() {
        HostTensor decoder = out.loadedTensor(core + "mlm_head.predictions.decoder.weight");
        if (decoder != null && out.hasTarget(core + WORD_EMBEDDINGS)) {
            out.offer("cls.predictions.decoder.weight", core + WORD_EMBEDDINGS, decoder);
        }
    }

    private void checkStrictGroups() {
        out.requireGroup(core + "embedding_LayerNorm.", "the embedding LayerNorm");
        out.requireGroup(core + "encoder.", "the encoder");
        if (withPooler && out.anyLoadedUnder(core + "pooler.")) {
            out.requireGroup(core + "pooler.", "the pooler");
        }
        if (withRelHead && out.anyLoadedUnder(core + "relationsip_head.")) {
            out.requireGroup(core + "relationsip_head.", "the relationship head");
        }
        if (withMlmHead) {
            out.requireGroup(core + "mlm_head.predictions.", "the MLM head (cls.predictions.*)");
        }
        if (mlmTransformTarget != null) {
            out.requireGroup(mlmTransformTarget, "the classifier transform (cls.predictions.transform.*)");
        }
    }

    private static String mlmHeadKey(String key) {
        if (key.startsWith("cls.predictions.")) {
            return renameLayerNorm(key.substring("cls.predictions.".length()));
        }
        String k = key.substring("lm_head.".length()); // RoBERTa naming
        if (k.contains("dense") || k.contains("layer_norm")) {
            k = "transform." + k.replace("layer_norm", "LayerNorm");
        }
        return renameLayerNorm(k);
    }

    /** TF-converted BERT files name LayerNorm parameters gamma/beta. */
    static String renameLayerNorm(String k) {
        return k.replace("gamma", "weight").replace("beta", "bias");
    }

    static String detectCore(Map<String, long[]> target) {
        List<String> cores = new ArrayList<>();
        for (String k : target.keySet()) {
            if (k.equals(WORD_EMBEDDINGS)) {
                cores.add("");
            } else if (k.endsWith("." + WORD_EMBEDDINGS)) {
                cores.add(k.substring(0, k.length() - WORD_EMBEDDINGS.length()));
            }
        }
        if (cores.size() != 1) {
            throw new IllegalArgumentException("cannot locate the VL-BERT core among the target parameters (keys ending in '"
                    + WORD_EMBEDDINGS + "': " + cores + "); pass ImportOptions.withCorePrefix(...)");
        }
        return cores.get(0);
    }
}

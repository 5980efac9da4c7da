package org.vlbert.io;

import java.util.ArrayList;
import java.util.List;

/**
 * Which reference loading rules {@link StateDictImporter} applies, with their parameters.
 * Instances are immutable; the {@code with...} methods return modified copies.
 */
public final class ImportOptions {
    public enum RuleSet {
        /** A Google/HuggingFace BERT {@code pytorch_model.bin} into the VL-BERT core (model.md §9.4). */
        BERT,
        /** {@code NETWORK.PARTIAL_PRETRAIN}: prefix rewriting, then the tolerant {@code module.}-toggling load (§9.3). */
        PARTIAL_PRETRAIN,
        /** Resume of the same model: {@code module.}-toggling, every key must match both ways (training.md §8.3). */
        RESUME
    }

    /** One {@code "old->new"} entry of {@code NETWORK.PARTIAL_PRETRAIN_PREFIX_CHANGES}. */
    public record PrefixChange(String from, String to) {
        public static PrefixChange parse(String rule) {
            String[] parts = rule.split("->", -1);
            if (parts.length != 2) {
                throw new IllegalArgumentException("prefix change '" + rule + "' must have the form \"old->new\" "
                        + "(NETWORK.PARTIAL_PRETRAIN_PREFIX_CHANGES)");
            }
            return new PrefixChange(parts[0], parts[1]);
        }

        @Override
        public String toString() {
            return from + "->" + to;
        }
    }

    private final RuleSet ruleSet;
    private final List<PrefixChange> prefixChanges;
    private final String corePrefix;
    private final String mlmTransformTarget;
    private final boolean segmentBInit;
    private final boolean relationshipHeadInit;

    private ImportOptions(RuleSet ruleSet, List<PrefixChange> prefixChanges, String corePrefix,
            String mlmTransformTarget, boolean segmentBInit, boolean relationshipHeadInit) {
        this.ruleSet = ruleSet;
        this.prefixChanges = List.copyOf(prefixChanges);
        this.corePrefix = corePrefix;
        this.mlmTransformTarget = mlmTransformTarget;
        this.segmentBInit = segmentBInit;
        this.relationshipHeadInit = relationshipHeadInit;
    }

    public static ImportOptions bert() {
        return new ImportOptions(RuleSet.BERT, List.of(), null, null, false, false);
    }

    /** Partial load with the given {@code "old->new"} rules, applied first-match-wins in list order. */
    public static ImportOptions partialPretrain(List<String> prefixChanges) {
        List<PrefixChange> parsed = new ArrayList<>();
        for (String s : prefixChanges) {
            parsed.add(PrefixChange.parse(s));
        }
        return new ImportOptions(RuleSet.PARTIAL_PRETRAIN, parsed, null, null, false, false);
    }

    public static ImportOptions resume() {
        return new ImportOptions(RuleSet.RESUME, List.of(), null, null, false, false);
    }

    /**
     * BERT: the target prefix of the VL-BERT core ({@code "vlbert."}, or {@code "vlbert._module."} in
     * VCR). By default it is found from the target's {@code <core>word_embeddings.weight} key.
     */
    public ImportOptions withCorePrefix(String prefix) {
        return new ImportOptions(ruleSet, prefixChanges, prefix, mlmTransformTarget, segmentBInit, relationshipHeadInit);
    }

    /**
     * BERT: also load {@code cls.predictions.transform.*} into the module with this prefix — the VQA
     * {@code "mlm"} classifier does this with {@code "final_mlp.0."} (model.md §7.4 step 3).
     */
    public ImportOptions withMlmTransformInto(String targetPrefix) {
        return new ImportOptions(ruleSet, prefixChanges, corePrefix, targetPrefix, segmentBInit, relationshipHeadInit);
    }

    /** Partial load (VCR {@code PARTIAL_PRETRAIN_SEGMB_INIT}): token-type row 1 := row 0 of the checkpoint. */
    public ImportOptions withSegmentBInit(boolean enabled) {
        return new ImportOptions(ruleSet, prefixChanges, corePrefix, mlmTransformTarget, enabled, relationshipHeadInit);
    }

    /**
     * Partial load (VCR {@code LOAD_REL_HEAD}): when the checkpoint has the relationship head,
     * {@code final_mlp.1.weight = W[1] - W[0]} and {@code final_mlp.1.bias = b[1] - b[0]}.
     */
    public ImportOptions withRelationshipHeadInit(boolean enabled) {
        return new ImportOptions(ruleSet, prefixChanges, corePrefix, mlmTransformTarget, segmentBInit, enabled);
    }

    public RuleSet ruleSet() {
        return ruleSet;
    }

    public List<PrefixChange> prefixChanges() {
        return prefixChanges;
    }

    /** Null when it should be detected from the target names. */
    public String corePrefix() {
        return corePrefix;
    }

    /** Null unless {@link #withMlmTransformInto} was given. */
    public String mlmTransformTarget() {
        return mlmTransformTarget;
    }

    public boolean segmentBInit() {
        return segmentBInit;
    }

    public boolean relationshipHeadInit() {
        return relationshipHeadInit;
    }
}

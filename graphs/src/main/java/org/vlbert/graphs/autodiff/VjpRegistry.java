package org.vlbert.graphs.autodiff;

import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/** Op type → gradient rule. {@link #standard()} holds every rule this project ships. */
public final class VjpRegistry {
    private final Map<String, VjpRule> rules = new HashMap<>();

    public VjpRegistry register(String opType, VjpRule rule) {
        rules.put(opType, rule);
        return this;
    }

    public VjpRule get(String opType) {
        return rules.get(opType);
    }

    public Set<String> opTypes() {
        return Collections.unmodifiableSet(rules.keySet());
    }

    public static VjpRegistry standard() {
        VjpRegistry r = new VjpRegistry();
        ElementwiseRules.registerAll(r);
        MatrixRules.registerAll(r);
        ShapeRules.registerAll(r);
        NormalizationRules.registerAll(r);
        IndexingRules.registerAll(r);
        LossRules.registerAll(r);
        ConvRules.registerAll(r);
        PoolRules.registerAll(r);
        RoiAlignRules.registerAll(r);
        return r;
    }
}

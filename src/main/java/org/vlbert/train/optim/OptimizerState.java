package org.vlbert.train.optim;

import java.nio.FloatBuffer;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The resumable state of an optimizer, as named tensors plus per-parameter update counters, ready
 * for a checkpoint writer.
 *
 * <p>Tensor keys are {@code <kind>.<param name>} with kind {@link #EXP_AVG}, {@link #EXP_AVG_SQ}
 * (Adam, AdamW) or {@link #MOMENTUM_BUFFER} (SGD with momentum), the names PyTorch uses in
 * {@code optimizer.state_dict()}. {@link #steps()} maps a parameter name to the number of updates it
 * has received (PyTorch's per-parameter {@code state['step']}); a parameter absent from it has no
 * state yet, exactly like a parameter PyTorch has never updated.
 *
 * <p>An exported state holds read-only <em>views</em> of the optimizer's live buffers: write it out
 * before the next {@link Optimizer#step()}. A state to import may hold any float buffers (heap or
 * direct, any byte order); they are copied.
 */
public final class OptimizerState {
    public static final String EXP_AVG = "exp_avg";
    public static final String EXP_AVG_SQ = "exp_avg_sq";
    public static final String MOMENTUM_BUFFER = "momentum_buffer";

    private final String optimizer;
    private final Map<String, FloatBuffer> tensors;
    private final Map<String, Long> steps;

    /**
     * @param optimizer the optimizer kind that wrote the state ({@code "AdamW"}, {@code "Adam"}, {@code "SGD"})
     * @param tensors state tensors keyed {@code <kind>.<param>}
     * @param steps update counters keyed by parameter name
     */
    public OptimizerState(String optimizer, Map<String, FloatBuffer> tensors, Map<String, Long> steps) {
        this.optimizer = optimizer;
        this.tensors = Collections.unmodifiableMap(new LinkedHashMap<>(tensors));
        this.steps = Collections.unmodifiableMap(new LinkedHashMap<>(steps));
    }

    /** The key of a state tensor, e.g. {@code exp_avg.vlbert.encoder.layer.0.output.dense.weight}. */
    public static String key(String kind, String paramName) {
        return kind + "." + paramName;
    }

    public String optimizer() {
        return optimizer;
    }

    public Map<String, FloatBuffer> tensors() {
        return tensors;
    }

    public Map<String, Long> steps() {
        return steps;
    }

    /** The largest per-parameter update counter: the number of optimizer steps taken (0 if none). */
    public long step() {
        long max = 0;
        for (long s : steps.values()) {
            max = Math.max(max, s);
        }
        return max;
    }
}

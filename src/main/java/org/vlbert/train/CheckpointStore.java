package org.vlbert.train;

import java.util.Map;
import java.util.Optional;
import org.vlbert.graphs.tensor.HostTensor;
import org.vlbert.runtime.TensorSlab;
import org.vlbert.train.optim.OptimizerState;

/** Where a run's checkpoints live: atomic saves and loading the newest complete one. */
public interface CheckpointStore {
    /** A checkpoint read back: its parameters, optimizer state, trainer state and origin. */
    record Loaded(Map<String, HostTensor> params, OptimizerState optimizer, TrainState state, String source) {}

    /** Saves atomically; {@code best} also marks it as the best model so far. */
    void save(TrainState state, TensorSlab params, OptimizerState optimizer, boolean best);

    /** The newest complete checkpoint, skipping (with a warning) damaged ones. */
    Optional<Loaded> loadLatest();
}

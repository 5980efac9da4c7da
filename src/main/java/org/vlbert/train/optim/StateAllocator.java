package org.vlbert.train.optim;

import java.nio.FloatBuffer;

/**
 * Supplies the buffers an optimizer keeps its state in (moments, momentum). Called once per state
 * tensor when the optimizer is constructed; never during a step. A parameter store can implement
 * it to place optimizer state next to the parameters.
 */
@FunctionalInterface
public interface StateAllocator {
    /**
     * A zero-filled, native-order direct buffer with exactly {@code size} elements in
     * {@code [position, limit)}.
     *
     * @param key the state key, {@code <kind>.<param name>}
     */
    FloatBuffer allocate(String key, int size);

    /** Slices state out of a few large direct buffers sized for {@code totalFloats} elements in all. */
    static StateAllocator arena(long totalFloats) {
        return new DirectArena(totalFloats);
    }
}

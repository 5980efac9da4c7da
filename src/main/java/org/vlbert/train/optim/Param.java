package org.vlbert.train.optim;

import java.nio.FloatBuffer;

/**
 * One named trainable tensor as the optimizer sees it: its values and its gradient, both
 * native-order direct buffers of equal length, updated in place.
 *
 * <p>The buffers are taken as views of {@code [position, limit)} of what the caller passes (via
 * {@link FloatBuffer#slice()}), so a parameter store can hand out slices of one large buffer. A
 * {@code null} gradient means "this parameter has no gradient" (PyTorch's {@code .grad is None},
 * e.g. a frozen parameter): the optimizer skips it entirely and keeps no state for it.
 */
public final class Param {
    private final String name;
    private final FloatBuffer value;
    private final FloatBuffer grad;

    public Param(String name, FloatBuffer value, FloatBuffer grad) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("parameter name must be non-empty");
        }
        this.name = name;
        this.value = FloatBuffers.requireDirectNative(value, "value of parameter " + name).slice();
        if (grad != null) {
            FloatBuffer g = FloatBuffers.requireDirectNative(grad, "gradient of parameter " + name).slice();
            if (g.limit() != this.value.limit()) {
                throw new IllegalArgumentException("gradient of parameter " + name + " has "
                        + g.limit() + " elements but the parameter has " + this.value.limit());
            }
            this.grad = g;
        } else {
            this.grad = null;
        }
    }

    /** A parameter without gradient (skipped by optimizers and clipping). */
    public static Param frozen(String name, FloatBuffer value) {
        return new Param(name, value, null);
    }

    public String name() {
        return name;
    }

    /** The parameter values, elements {@code [0, size())}. */
    public FloatBuffer value() {
        return value;
    }

    /** The gradient, or {@code null} when the parameter has none. */
    public FloatBuffer grad() {
        return grad;
    }

    public boolean hasGrad() {
        return grad != null;
    }

    public int size() {
        return value.limit();
    }

    @Override
    public String toString() {
        return "Param[" + name + ", " + size() + (grad == null ? ", no grad]" : "]");
    }
}

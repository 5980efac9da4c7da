package org.vlbert.train.optim;

import java.util.List;

/**
 * A PyTorch-style parameter group: parameters sharing a learning rate and weight decay.
 *
 * <p>{@link #initialLr()} is the group's base rate ({@code base_lr × LR_MULT multiplier});
 * {@link #lr()} is the current rate, set by the LR scheduler before each update and read by the
 * optimizer.
 */
public final class ParamGroup {
    private final String name;
    private final double initialLr;
    private final double weightDecay;
    private final List<Param> params;
    private double lr;

    public ParamGroup(String name, double initialLr, double weightDecay, List<Param> params) {
        if (!(initialLr >= 0) || Double.isInfinite(initialLr)) {
            throw new IllegalArgumentException("learning rate of group " + name
                    + " must be a finite non-negative number, got " + initialLr);
        }
        if (!(weightDecay >= 0) || Double.isInfinite(weightDecay)) {
            throw new IllegalArgumentException("weight decay of group " + name
                    + " must be a finite non-negative number, got " + weightDecay);
        }
        this.name = name;
        this.initialLr = initialLr;
        this.weightDecay = weightDecay;
        this.params = List.copyOf(params);
        this.lr = initialLr;
    }

    public String name() {
        return name;
    }

    public double initialLr() {
        return initialLr;
    }

    public double lr() {
        return lr;
    }

    public void setLr(double lr) {
        this.lr = lr;
    }

    public double weightDecay() {
        return weightDecay;
    }

    public List<Param> params() {
        return params;
    }

    @Override
    public String toString() {
        return "ParamGroup[" + name + ", lr=" + lr + ", wd=" + weightDecay + ", " + params.size() + " params]";
    }
}

package org.vlbert.train.optim;

import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;

/** Builds parameter groups the way the reference train scripts do from {@code TRAIN.LR_MULT}. */
public final class ParamGroups {
    /** Name of the catch-all group holding every parameter that matches no LR_MULT substring. */
    public static final String DEFAULT_GROUP = "default";

    private ParamGroups() {}

    /**
     * One group per {@code LR_MULT} entry (parameters whose name contains the substring, lr =
     * {@code baseLr × multiplier}), in entry order, then a final group with every parameter that
     * matches no substring (lr = {@code baseLr}). Every group decays with {@code weightDecay}: the
     * reference has no weight-decay exclusions (biases and LayerNorm included). Parameter order
     * inside a group is the order of {@code params}.
     *
     * @throws OptimizerException if a parameter matches two entries (PyTorch refuses a parameter
     *     that appears in two groups)
     */
    public static List<ParamGroup> build(List<Param> params, List<LrMult> lrMults, double baseLr, double weightDecay) {
        List<List<Param>> members = new ArrayList<>();
        for (int i = 0; i < lrMults.size(); i++) {
            members.add(new ArrayList<>());
        }
        List<Param> rest = new ArrayList<>();
        for (Param p : params) {
            int match = -1;
            for (int i = 0; i < lrMults.size(); i++) {
                if (p.name().contains(lrMults.get(i).substring())) {
                    if (match >= 0) {
                        throw new OptimizerException("parameter '" + p.name() + "' matches two TRAIN.LR_MULT entries ('"
                                + lrMults.get(match).substring() + "' and '" + lrMults.get(i).substring()
                                + "'); make the substrings disjoint so every parameter is in one group");
                    }
                    match = i;
                }
            }
            (match >= 0 ? members.get(match) : rest).add(p);
        }
        List<ParamGroup> groups = new ArrayList<>();
        for (int i = 0; i < lrMults.size(); i++) {
            LrMult m = lrMults.get(i);
            groups.add(new ParamGroup("lr_mult:" + m.substring(), baseLr * m.multiplier(), weightDecay, members.get(i)));
        }
        groups.add(new ParamGroup(DEFAULT_GROUP, baseLr, weightDecay, rest));
        return groups;
    }

    /** Every parameter of every group, in group order. */
    public static List<Param> allParams(List<ParamGroup> groups) {
        List<Param> all = new ArrayList<>();
        for (ParamGroup g : groups) {
            all.addAll(g.params());
        }
        return all;
    }

    /** The gradient buffers of every parameter that has one, in group order. */
    public static List<FloatBuffer> grads(List<ParamGroup> groups) {
        List<FloatBuffer> out = new ArrayList<>();
        for (ParamGroup g : groups) {
            for (Param p : g.params()) {
                if (p.hasGrad()) {
                    out.add(p.grad());
                }
            }
        }
        return out;
    }
}

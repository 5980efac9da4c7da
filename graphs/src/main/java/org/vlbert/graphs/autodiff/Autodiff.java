package org.vlbert.graphs.autodiff;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.vlbert.graphs.GraphBuilder;
import org.vlbert.graphs.ir.Node;
import org.vlbert.graphs.ir.Value;

/**
 * Reverse-mode automatic differentiation over the recorded forward graph. The backward nodes are
 * appended to the same graph, so one ONNX model computes loss, outputs and gradients in one run.
 *
 * <p>Only floating-point values on a path from a differentiated value to the loss get gradients
 * (integer inputs and frozen parameters never do). When a value feeds several consumers, their
 * contributions are collected and added with one {@code Sum} node.
 */
public final class Autodiff {
    private final GraphBuilder b;
    private final VjpRegistry rules;

    public Autodiff(GraphBuilder b) {
        this(b, VjpRegistry.standard());
    }

    public Autodiff(GraphBuilder b, VjpRegistry rules) {
        this.b = b;
        this.rules = rules;
    }

    /** The result: a gradient per requested value, and which of them the loss does not use. */
    public record Result(Map<Value, Value> gradients, List<Value> unused) {}

    /**
     * Differentiates the scalar {@code loss} with respect to each of {@code wrt}. Values the loss
     * does not depend on get an explicit zero gradient and are listed in {@link Result#unused}.
     */
    public Result gradients(Value loss, Collection<Value> wrt) {
        return gradients(loss, wrt, null);
    }

    /**
     * As {@link #gradients(Value, Collection)}, with d loss = {@code seed} (a scalar value, e.g. the
     * fp16 loss scale) instead of 1, so every gradient comes out multiplied by it.
     */
    public Result gradients(Value loss, Collection<Value> wrt, Value seed) {
        if (loss.rank() != 0) {
            throw new IllegalArgumentException("loss must be a scalar, got " + loss);
        }
        for (Value w : wrt) {
            if (!w.dtype().isFloatingPoint()) {
                throw new IllegalArgumentException("cannot differentiate with respect to " + w + ": only"
                        + " floating-point values have gradients (integer and bool inputs never do)");
            }
        }
        List<Node> forward = new ArrayList<>(b.graph().nodes());
        Set<Value> needs = forwardReachable(forward, wrt);
        Set<Node> onLossPath = backwardReachable(loss);

        Map<Value, List<Value>> contributions = new HashMap<>();
        contributions.computeIfAbsent(loss, k -> new ArrayList<>()).add(seed != null ? seed : b.scalarLike(loss, 1f));
        GradContext ctx = new GradContext(b, needs);

        for (int i = forward.size() - 1; i >= 0; i--) {
            Node n = forward.get(i);
            if (!onLossPath.contains(n) || n.inputs().stream().noneMatch(needs::contains)) {
                continue;
            }
            List<Value> outGrads = new ArrayList<>();
            boolean any = false;
            for (Value out : n.outputs()) {
                Value g = total(contributions.remove(out));
                outGrads.add(g);
                any |= g != null;
            }
            if (!any) {
                continue;
            }
            VjpRule rule = rules.get(n.opType());
            if (rule == null) {
                throw new UnsupportedOperationException("no gradient rule for op " + n.opType() + " (node "
                        + n.name() + "); it lies between a differentiated value and the loss");
            }
            List<Value> inGrads = rule.vjp(ctx, n, outGrads);
            for (int k = 0; k < n.inputs().size(); k++) {
                Value in = n.inputs().get(k);
                Value g = k < inGrads.size() ? inGrads.get(k) : null;
                if (g != null && needs.contains(in)) {
                    contributions.computeIfAbsent(in, x -> new ArrayList<>()).add(g);
                }
            }
        }

        Map<Value, Value> grads = new LinkedHashMap<>();
        List<Value> unused = new ArrayList<>();
        for (Value w : wrt) {
            Value g = total(contributions.get(w));
            if (g == null) {
                unused.add(w);
                g = b.zerosLike(w);
            }
            grads.put(w, g);
        }
        return new Result(grads, unused);
    }

    private Value total(List<Value> parts) {
        if (parts == null || parts.isEmpty()) {
            return null;
        }
        return b.sum(parts);
    }

    /** Float values that depend on any of {@code wrt}. */
    private static Set<Value> forwardReachable(List<Node> nodes, Collection<Value> wrt) {
        Set<Value> needs = new HashSet<>(wrt);
        for (Node n : nodes) {
            if (n.inputs().stream().anyMatch(needs::contains)) {
                for (Value out : n.outputs()) {
                    if (out.dtype().isFloatingPoint()) {
                        needs.add(out);
                    }
                }
            }
        }
        return needs;
    }

    private static Set<Node> backwardReachable(Value loss) {
        Set<Node> seen = new HashSet<>();
        List<Value> work = new ArrayList<>(List.of(loss));
        while (!work.isEmpty()) {
            Value v = work.remove(work.size() - 1);
            Node p = v.producer();
            if (p != null && seen.add(p)) {
                for (Value in : p.inputs()) {
                    if (in != null) {
                        work.add(in);
                    }
                }
            }
        }
        return seen;
    }
}

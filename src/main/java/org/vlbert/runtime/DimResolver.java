package org.vlbert.runtime;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.vlbert.graphs.ir.Dim;
import org.vlbert.graphs.ir.Shape;

/**
 * Turns symbolic shapes into concrete sizes for one batch. Symbols come from the batch inputs'
 * actual shapes and from the dims graph (data-dependent sizes); composite symbols such as
 * {@code batch*vl_len} or {@code num_boxes+text_len} are evaluated from their parts.
 */
public final class DimResolver {
    private final Map<String, Long> known = new HashMap<>();

    public void bind(String symbol, long size) {
        Long prev = known.put(symbol, size);
        if (prev != null && prev != size) {
            throw new IllegalArgumentException("dimension '" + symbol + "' is " + prev + " in one input and " + size
                    + " in another");
        }
    }

    /** Binds every symbolic dim of {@code declared} to the matching entry of {@code actual}. */
    public void bindShape(String inputName, Shape declared, long[] actual) {
        List<Dim> dims = declared.dims();
        if (dims.size() != actual.length) {
            throw new IllegalArgumentException("input " + inputName + " must have rank " + dims.size() + " "
                    + declared + ", got " + java.util.Arrays.toString(actual));
        }
        for (int i = 0; i < actual.length; i++) {
            Dim d = dims.get(i);
            if (d.isFixed()) {
                if (d.size() != actual[i]) {
                    throw new IllegalArgumentException("input " + inputName + " must have shape " + declared + ", got "
                            + java.util.Arrays.toString(actual) + " (axis " + i + ")");
                }
            } else if (!d.symbol().contains("*") && !d.symbol().contains("+")) {
                bind(d.symbol(), actual[i]);
            }
        }
    }

    public long resolve(Dim d) {
        if (d.isFixed()) {
            return d.size();
        }
        return evaluate(d.symbol());
    }

    public long[] resolve(Shape s) {
        long[] out = new long[s.rank()];
        for (int i = 0; i < out.length; i++) {
            out[i] = resolve(s.get(i));
        }
        return out;
    }

    private long evaluate(String expr) {
        Long v = known.get(expr);
        if (v != null) {
            return v;
        }
        if (expr.contains("+")) {
            long sum = 0;
            for (String t : expr.split("\\+")) {
                sum += evaluate(t);
            }
            return sum;
        }
        if (expr.contains("*")) {
            long prod = 1;
            for (String f : expr.split("\\*")) {
                prod *= evaluate(f);
            }
            return prod;
        }
        if (!expr.isEmpty() && expr.chars().allMatch(Character::isDigit)) {
            return Long.parseLong(expr);
        }
        throw new IllegalStateException("size of dimension '" + expr + "' is unknown for this batch");
    }
}

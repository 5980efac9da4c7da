package org.vlbert.data.pretrain;

import java.util.ArrayDeque;
import java.util.Deque;

/** Random draws that replay a script (doubles for decisions, ints for choices) and fail when it runs out. */
final class ScriptedDraws implements RandomDraws {
    private final Deque<Double> doubles = new ArrayDeque<>();
    private final Deque<Integer> ints = new ArrayDeque<>();

    static ScriptedDraws doubles(double... values) {
        ScriptedDraws s = new ScriptedDraws();
        for (double v : values) {
            s.doubles.add(v);
        }
        return s;
    }

    ScriptedDraws ints(int... values) {
        for (int v : values) {
            ints.add(v);
        }
        return this;
    }

    @Override
    public double nextDouble() {
        if (doubles.isEmpty()) {
            throw new AssertionError("more random() draws than scripted");
        }
        return doubles.poll();
    }

    @Override
    public int nextInt(int bound) {
        if (ints.isEmpty()) {
            throw new AssertionError("more integer draws than scripted");
        }
        int v = ints.poll();
        if (v < 0 || v >= bound) {
            throw new AssertionError("scripted " + v + " outside [0, " + bound + ")");
        }
        return v;
    }

    boolean exhausted() {
        return doubles.isEmpty() && ints.isEmpty();
    }
}

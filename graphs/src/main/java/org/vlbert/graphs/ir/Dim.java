package org.vlbert.graphs.ir;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * One dimension of a value's shape: a fixed size, or a named symbolic size (a dynamic axis such
 * as {@code batch} or {@code text_len}). Products and sums of symbolic dims get canonical names
 * ({@code batch*text_len}, {@code num_boxes+text_len}) so that equal expressions compare equal,
 * which is what broadcasting and the gradient's un-broadcasting need.
 */
public final class Dim {
    private final long size;      // >= 0 when fixed, -1 when symbolic
    private final String symbol;  // null when fixed

    private Dim(long size, String symbol) {
        this.size = size;
        this.symbol = symbol;
    }

    public static Dim of(long size) {
        if (size < 0) {
            throw new IllegalArgumentException("negative dimension " + size);
        }
        return new Dim(size, null);
    }

    public static Dim sym(String name) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("symbolic dim needs a name");
        }
        return new Dim(-1, name);
    }

    public boolean isFixed() {
        return symbol == null;
    }

    public boolean isOne() {
        return symbol == null && size == 1;
    }

    /** The fixed size; throws for symbolic dims. */
    public long size() {
        if (symbol != null) {
            throw new IllegalStateException("dimension '" + symbol + "' is symbolic");
        }
        return size;
    }

    public String symbol() {
        return symbol;
    }

    public Dim times(Dim o) {
        if (isFixed() && o.isFixed()) {
            return of(size * o.size);
        }
        if (isOne()) {
            return o;
        }
        if (o.isOne()) {
            return this;
        }
        List<String> parts = new ArrayList<>(factors());
        parts.addAll(o.factors());
        long k = 1;
        List<String> syms = new ArrayList<>();
        for (String p : parts) {
            if (p.chars().allMatch(Character::isDigit)) {
                k *= Long.parseLong(p);
            } else {
                syms.add(p);
            }
        }
        Collections.sort(syms);
        if (k != 1) {
            syms.add(0, Long.toString(k));
        }
        return sym(String.join("*", syms));
    }

    public Dim plus(Dim o) {
        if (isFixed() && o.isFixed()) {
            return of(size + o.size);
        }
        List<String> terms = new ArrayList<>();
        terms.add(toString());
        terms.add(o.toString());
        Collections.sort(terms);
        return sym(String.join("+", terms));
    }

    /** Divides a product of factors by another, if it cancels cleanly; otherwise null. */
    public Dim dividedBy(Dim o) {
        if (isFixed() && o.isFixed()) {
            return o.size != 0 && size % o.size == 0 ? of(size / o.size) : null;
        }
        if (o.isOne()) {
            return this;
        }
        if (symbol != null && symbol.contains("+")) {
            return equals(o) ? of(1) : null;
        }
        List<String> mine = new ArrayList<>(factors());
        for (String f : o.factors()) {
            if (!mine.remove(f)) {
                return null;
            }
        }
        Dim r = of(1);
        for (String f : mine) {
            r = r.times(f.chars().allMatch(Character::isDigit) ? of(Long.parseLong(f)) : sym(f));
        }
        return r;
    }

    private List<String> factors() {
        if (isFixed()) {
            return List.of(Long.toString(size));
        }
        if (symbol.contains("+")) {
            return List.of(symbol);
        }
        return List.of(symbol.split("\\*"));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Dim d && d.size == size && Objects.equals(d.symbol, symbol);
    }

    @Override
    public int hashCode() {
        return Objects.hash(size, symbol);
    }

    @Override
    public String toString() {
        return symbol != null ? symbol : Long.toString(size);
    }
}

package org.vlbert.graphs.ir;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/** An immutable list of {@link Dim}s (rank is always known). */
public final class Shape {
    private final List<Dim> dims;

    private Shape(List<Dim> dims) {
        this.dims = List.copyOf(dims);
    }

    public static Shape of(List<Dim> dims) {
        return new Shape(dims);
    }

    /** Builds a shape from Longs/Integers (fixed) and Strings (symbolic) or Dims. */
    public static Shape of(Object... dims) {
        List<Dim> out = new ArrayList<>();
        for (Object d : dims) {
            if (d instanceof Dim dim) {
                out.add(dim);
            } else if (d instanceof Number n) {
                out.add(Dim.of(n.longValue()));
            } else if (d instanceof String s) {
                out.add(Dim.sym(s));
            } else {
                throw new IllegalArgumentException("not a dimension: " + d);
            }
        }
        return new Shape(out);
    }

    public static Shape fixed(long... dims) {
        List<Dim> out = new ArrayList<>();
        for (long d : dims) {
            out.add(Dim.of(d));
        }
        return new Shape(out);
    }

    public static Shape scalar() {
        return new Shape(Collections.emptyList());
    }

    /** [1, 1, ..., 1] of the given rank. */
    public static Shape ones(int rank) {
        return new Shape(Collections.nCopies(rank, Dim.of(1)));
    }

    public int rank() {
        return dims.size();
    }

    /** Dim at {@code axis}; negative axes count from the end. */
    public Dim get(int axis) {
        return dims.get(normAxis(axis));
    }

    public int normAxis(int axis) {
        int a = axis < 0 ? axis + dims.size() : axis;
        if (a < 0 || a >= dims.size()) {
            throw new IllegalArgumentException("axis " + axis + " out of range for rank " + dims.size());
        }
        return a;
    }

    public List<Dim> dims() {
        return dims;
    }

    public boolean isFixed() {
        return dims.stream().allMatch(Dim::isFixed);
    }

    public long[] toLongs() {
        long[] out = new long[dims.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = dims.get(i).size();
        }
        return out;
    }

    public long numel() {
        long n = 1;
        for (Dim d : dims) {
            n *= d.size();
        }
        return n;
    }

    public Dim product() {
        Dim p = Dim.of(1);
        for (Dim d : dims) {
            p = p.times(d);
        }
        return p;
    }

    public Shape with(int axis, Dim d) {
        List<Dim> out = new ArrayList<>(dims);
        out.set(normAxis(axis), d);
        return new Shape(out);
    }

    public Shape without(int axis) {
        List<Dim> out = new ArrayList<>(dims);
        out.remove(normAxis(axis));
        return new Shape(out);
    }

    public Shape inserted(int axis, Dim d) {
        List<Dim> out = new ArrayList<>(dims);
        out.add(axis, d);
        return new Shape(out);
    }

    public Shape sub(int from, int to) {
        return new Shape(dims.subList(from, to));
    }

    public Shape concat(Shape o) {
        List<Dim> out = new ArrayList<>(dims);
        out.addAll(o.dims);
        return new Shape(out);
    }

    /** numpy-style broadcast of two shapes; equal symbols match, 1 stretches. */
    public static Shape broadcast(Shape a, Shape b) {
        int r = Math.max(a.rank(), b.rank());
        Dim[] out = new Dim[r];
        for (int i = 0; i < r; i++) {
            int ia = i - (r - a.rank());
            int ib = i - (r - b.rank());
            Dim da = ia >= 0 ? a.dims.get(ia) : Dim.of(1);
            Dim db = ib >= 0 ? b.dims.get(ib) : Dim.of(1);
            if (da.equals(db) || db.isOne()) {
                out[i] = da;
            } else if (da.isOne()) {
                out[i] = db;
            } else if (!da.isFixed() || !db.isFixed()) {
                // Two different symbolic sizes (or symbol vs number): assumed equal at run time.
                out[i] = da.isFixed() ? da : db.isFixed() ? db : da;
            } else {
                throw new IllegalArgumentException("shapes " + a + " and " + b + " do not broadcast");
            }
        }
        return new Shape(Arrays.asList(out));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Shape s && s.dims.equals(dims);
    }

    @Override
    public int hashCode() {
        return dims.hashCode();
    }

    @Override
    public String toString() {
        return dims.toString();
    }
}

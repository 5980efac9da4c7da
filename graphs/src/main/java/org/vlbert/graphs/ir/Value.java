package org.vlbert.graphs.ir;

import org.vlbert.graphs.tensor.DType;

/** A tensor value in a graph: a graph input, a parameter, a constant, or a node output. */
public final class Value {
    /** Where a value comes from. */
    public enum Kind { INPUT, PARAM, CONSTANT, NODE }

    private final String name;
    private final DType dtype;
    private final Shape shape;
    private final Kind kind;
    private final Node producer;

    Value(String name, DType dtype, Shape shape, Kind kind, Node producer) {
        this.name = name;
        this.dtype = dtype;
        this.shape = shape;
        this.kind = kind;
        this.producer = producer;
    }

    public String name() {
        return name;
    }

    public DType dtype() {
        return dtype;
    }

    public Shape shape() {
        return shape;
    }

    public int rank() {
        return shape.rank();
    }

    public Kind kind() {
        return kind;
    }

    /** The node that computes this value, or null for inputs, parameters and constants. */
    public Node producer() {
        return producer;
    }

    @Override
    public String toString() {
        return name + ":" + dtype + shape;
    }
}

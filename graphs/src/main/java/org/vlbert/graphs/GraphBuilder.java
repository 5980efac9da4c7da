package org.vlbert.graphs;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.vlbert.graphs.ir.Dim;
import org.vlbert.graphs.ir.Graph;
import org.vlbert.graphs.ir.Node;
import org.vlbert.graphs.ir.Param;
import org.vlbert.graphs.ir.ParamInit;
import org.vlbert.graphs.ir.Shape;
import org.vlbert.graphs.ir.Value;
import org.vlbert.graphs.tensor.DType;
import org.vlbert.graphs.tensor.Fp16;
import org.vlbert.graphs.tensor.HostTensor;

/**
 * The builder DSL: every method appends ONNX (opset {@value #OPSET}) nodes to a {@link Graph}
 * and returns the result value with its dtype and symbolic shape. Modules are plain Java methods
 * that open a {@link #scope} and create {@link #param}s, so parameter names follow the module
 * path ({@code vlbert.encoder.layer.3.attention.self.query.weight}).
 */
public final class GraphBuilder {
    /** The default-domain opset every graph imports. */
    public static final int OPSET = 20;

    private final Graph graph;
    private final Deque<String> scopes = new ArrayDeque<>();
    private final Map<String, Value> constantCache = new HashMap<>();
    private final Map<String, Value> dimSources = new LinkedHashMap<>();
    private DType matmulComputeType = DType.FLOAT;

    public GraphBuilder() {
        this(new Graph());
    }

    public GraphBuilder(Graph graph) {
        this.graph = graph;
    }

    public Graph graph() {
        return graph;
    }

    /**
     * Records that the data-dependent symbolic dim {@code symbol} equals the runtime int64 scalar
     * (or 1-element vector) {@code size}. Callers that need concrete sizes before a run (e.g. to
     * draw dropout masks of shape [batch, vl_len, hidden]) evaluate these in a small "dims" graph.
     */
    public void defineDim(Dim dim, Value size) {
        if (dim.isFixed()) {
            return;
        }
        dimSources.putIfAbsent(dim.symbol(), size);
    }

    /** Symbol → value computing it, for every data-dependent dim defined so far. */
    public Map<String, Value> dimSources() {
        return java.util.Collections.unmodifiableMap(dimSources);
    }

    // ------------------------------------------------------------------ scopes, inputs, params

    /** Opens a name scope; close it (try-with-resources) to pop. */
    public Scope scope(String name) {
        scopes.addLast(name);
        return new Scope();
    }

    /**
     * Builds {@code body} inside the scope {@code name} and returns its result: {@link #scope} in
     * a try-with-resources block, as one expression.
     */
    public <T> T inScope(String name, Supplier<T> body) {
        scopes.addLast(name);
        try {
            return body.get();
        } finally {
            scopes.removeLast();
        }
    }

    /** A pushed scope; closing it pops the scope. */
    public final class Scope implements AutoCloseable {
        @Override
        public void close() {
            scopes.removeLast();
        }
    }

    /** The full dotted name of {@code local} in the current scope. */
    public String qualified(String local) {
        if (scopes.isEmpty()) {
            return local;
        }
        return String.join(".", scopes) + "." + local;
    }

    public Value input(String name, DType dtype, Shape shape) {
        return graph.addInput(name, dtype, shape);
    }

    public Value input(String name, DType dtype, Object... dims) {
        return graph.addInput(name, dtype, Shape.of(dims));
    }

    /** A trainable float parameter named by the current scope + {@code local}. */
    public Value param(String local, ParamInit init, long... shape) {
        return graph.addParam(qualified(local), Shape.fixed(shape), init, true).value();
    }

    public Value frozenParam(String local, ParamInit init, long... shape) {
        return graph.addParam(qualified(local), Shape.fixed(shape), init, false).value();
    }

    public Param paramOf(Value v) {
        return graph.param(v.name());
    }

    public void output(String name, Value v) {
        graph.setOutput(name, v);
    }

    // ------------------------------------------------------------------ constants

    public Value constant(String hint, HostTensor t) {
        return graph.addConstant(hint, t);
    }

    /** A float scalar constant (shared between uses). */
    public Value scalar(float v) {
        return constantCache.computeIfAbsent("f:" + Float.floatToIntBits(v),
                k -> graph.addConstant("const_f", HostTensor.scalar(v)));
    }

    /** A 1-D int64 constant (shared between uses). */
    public Value longs(long... v) {
        return constantCache.computeIfAbsent("l:" + Arrays.toString(v),
                k -> graph.addConstant("const_i", HostTensor.ofLongs(new long[] {v.length}, v)));
    }

    public Value longScalar(long v) {
        return constantCache.computeIfAbsent("ls:" + v,
                k -> graph.addConstant("const_i", HostTensor.ofLongs(new long[0], v)));
    }

    /** A float constant filled with {@code v} with the (fixed) shape given. */
    public Value filled(float v, long... shape) {
        HostTensor t = HostTensor.allocate(DType.FLOAT, shape);
        var fb = t.floatView();
        for (int i = 0; i < fb.capacity(); i++) {
            fb.put(i, v);
        }
        return graph.addConstant("const_fill", t);
    }

    // ------------------------------------------------------------------ generic node creation

    /** Appends a node with one output of the given type/shape. */
    public Value op(String opType, List<Value> in, Map<String, Object> attrs, DType outType, Shape outShape) {
        return node(opType, "", in, attrs, List.of(outType), List.of(outShape)).output(0);
    }

    public Node node(String opType, String domain, List<Value> in, Map<String, Object> attrs,
                     List<DType> outTypes, List<Shape> outShapes) {
        String hint = scopes.isEmpty() ? opType : String.join(".", scopes) + "/" + opType;
        return graph.addNode(hint, opType, domain, in, attrs, outTypes, outShapes);
    }

    private static Map<String, Object> attrs(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            Object val = kv[i + 1];
            if (val instanceof Integer n) {
                val = n.longValue();
            } else if (val instanceof Double d) {
                val = d.floatValue();
            } else if (val instanceof int[] ia) {
                val = Arrays.stream(ia).asLongStream().toArray();
            }
            m.put((String) kv[i], val);
        }
        return m;
    }

    // ------------------------------------------------------------------ elementwise

    private Value binary(String op, Value a, Value b) {
        requireSameType(op, a, b);
        return op(op, List.of(a, b), Map.of(), a.dtype(), Shape.broadcast(a.shape(), b.shape()));
    }

    private Value compare(String op, Value a, Value b) {
        requireSameType(op, a, b);
        return op(op, List.of(a, b), Map.of(), DType.BOOL, Shape.broadcast(a.shape(), b.shape()));
    }

    private static void requireSameType(String op, Value a, Value b) {
        if (a.dtype() != b.dtype()) {
            throw new IllegalArgumentException(op + " of " + a + " and " + b + ": element types differ");
        }
    }

    public Value add(Value a, Value b) {
        return binary("Add", a, b);
    }

    public Value sub(Value a, Value b) {
        return binary("Sub", a, b);
    }

    public Value mul(Value a, Value b) {
        return binary("Mul", a, b);
    }

    public Value div(Value a, Value b) {
        return binary("Div", a, b);
    }

    public Value add(Value a, float b) {
        return add(a, scalarLike(a, b));
    }

    public Value mul(Value a, float b) {
        return mul(a, scalarLike(a, b));
    }

    /**
     * A scalar constant {@code v} of {@code like}'s element type (shared between uses), so that
     * arithmetic written once works for float, double and float16 graphs alike.
     */
    public Value scalarLike(Value like, float v) {
        DType t = like.dtype();
        if (t == DType.FLOAT) {
            return scalar(v);
        }
        if (t != DType.DOUBLE && t != DType.FLOAT16) {
            return cast(scalar(v), t);
        }
        return constantCache.computeIfAbsent(t + ":" + Float.floatToIntBits(v), k -> {
            HostTensor c = HostTensor.allocate(t);
            if (t == DType.DOUBLE) {
                c.buffer().putDouble(0, v);
            } else {
                c.buffer().putShort(0, Fp16.fromFloat(v));
            }
            return graph.addConstant("const_" + t.numpyName(), c);
        });
    }

    /** a ^ exponent with a constant exponent. */
    public Value pow(Value a, float exponent) {
        return op("Pow", List.of(a, scalar(exponent)), Map.of(), a.dtype(), a.shape());
    }

    public Value equal(Value a, Value b) {
        return compare("Equal", a, b);
    }

    public Value less(Value a, Value b) {
        return compare("Less", a, b);
    }

    public Value greater(Value a, Value b) {
        return compare("Greater", a, b);
    }

    public Value and(Value a, Value b) {
        return compare("And", a, b);
    }

    public Value or(Value a, Value b) {
        return compare("Or", a, b);
    }

    public Value lessOrEqual(Value a, Value b) {
        return compare("LessOrEqual", a, b);
    }

    public Value greaterOrEqual(Value a, Value b) {
        return compare("GreaterOrEqual", a, b);
    }

    public Value min(Value a, Value b) {
        return binary("Min", a, b);
    }

    public Value max(Value a, Value b) {
        return binary("Max", a, b);
    }

    public Value not(Value a) {
        return op("Not", List.of(a), Map.of(), DType.BOOL, a.shape());
    }

    public Value where(Value cond, Value a, Value b) {
        requireSameType("Where", a, b);
        Shape s = Shape.broadcast(cond.shape(), Shape.broadcast(a.shape(), b.shape()));
        return op("Where", List.of(cond, a, b), Map.of(), a.dtype(), s);
    }

    private Value unary(String op, Value x) {
        return op(op, List.of(x), Map.of(), x.dtype(), x.shape());
    }

    public Value neg(Value x) {
        return unary("Neg", x);
    }

    public Value exp(Value x) {
        return unary("Exp", x);
    }

    public Value log(Value x) {
        return unary("Log", x);
    }

    public Value sqrt(Value x) {
        return unary("Sqrt", x);
    }

    public Value reciprocal(Value x) {
        return unary("Reciprocal", x);
    }

    public Value tanh(Value x) {
        return unary("Tanh", x);
    }

    public Value erf(Value x) {
        return unary("Erf", x);
    }

    public Value relu(Value x) {
        return unary("Relu", x);
    }

    public Value sigmoid(Value x) {
        return unary("Sigmoid", x);
    }

    public Value abs(Value x) {
        return unary("Abs", x);
    }

    public Value sign(Value x) {
        return unary("Sign", x);
    }

    /** Number of elements of x, as an int64 scalar. */
    public Value size(Value x) {
        return op("Size", List.of(x), Map.of(), DType.INT64, Shape.scalar());
    }

    /** One-hot of integer {@code indices} with {@code depth} classes inserted at {@code axis}. */
    public Value oneHot(Value indices, long depth, int axis, DType type) {
        int outRank = indices.rank() + 1;
        int ax = axis < 0 ? axis + outRank : axis;
        Value values = cast(constant("onehot_values", HostTensor.ofFloats(new long[] {2}, 0f, 1f)), type);
        return op("OneHot", List.of(indices, longs(depth), values), attrs("axis", ax), type,
                indices.shape().inserted(ax, Dim.of(depth)));
    }

    /** Constant-mode zero padding; {@code pads} is the ONNX [begin..., end...] int64 tensor. */
    public Value pad(Value x, Value pads, Shape known) {
        return op("Pad", List.of(x, pads), Map.of(), x.dtype(), known);
    }

    public Value softplus(Value x) {
        return unary("Softplus", x);
    }

    public Value sin(Value x) {
        return unary("Sin", x);
    }

    public Value cos(Value x) {
        return unary("Cos", x);
    }

    public Value identity(Value x) {
        return unary("Identity", x);
    }

    /** GELU, exact erf form (ONNX Gelu-20, approximate="none"), as BERT's {@code gelu}. */
    public Value gelu(Value x) {
        return op("Gelu", List.of(x), attrs("approximate", "none"), x.dtype(), x.shape());
    }

    public Value cast(Value x, DType to) {
        if (x.dtype() == to) {
            return x;
        }
        return op("Cast", List.of(x), attrs("to", to.onnxCode()), to, x.shape());
    }

    // ------------------------------------------------------------------ matrix ops

    /** numpy matmul semantics (batched, broadcasting leading dims). */
    public Value matmul(Value a, Value b) {
        requireSameType("MatMul", a, b);
        if (a.rank() < 2 || b.rank() < 2) {
            throw new IllegalArgumentException("matmul needs rank >= 2 operands, got " + a + " and " + b);
        }
        Shape batch = Shape.broadcast(a.shape().sub(0, a.rank() - 2), b.shape().sub(0, b.rank() - 2));
        Shape out = batch.concat(Shape.of(a.shape().get(-2), b.shape().get(-1)));
        return op("MatMul", List.of(a, b), Map.of(), a.dtype(), out);
    }

    /** Gemm: alpha * op(A) * op(B) + beta * C, A and B 2-D, C optional (null). */
    public Value gemm(Value a, Value b, Value c, boolean transA, boolean transB, float alpha, float beta) {
        Dim m = transA ? a.shape().get(1) : a.shape().get(0);
        Dim n = transB ? b.shape().get(0) : b.shape().get(1);
        List<Value> in = new ArrayList<>(List.of(a, b));
        if (c != null) {
            in.add(c);
        }
        return op("Gemm", in, attrs("transA", transA ? 1 : 0, "transB", transB ? 1 : 0, "alpha", alpha, "beta", beta),
                a.dtype(), Shape.of(m, n));
    }

    /**
     * PyTorch {@code nn.Linear}: y = x W^T + b with W of shape [out, in] (the state-dict layout).
     * Any leading dims are flattened into one Gemm and restored afterwards.
     */
    public Value linear(Value x, Value weight, Value bias) {
        if (mixed(x)) {
            Value y = linearIn(cast(x, DType.FLOAT16), cast(weight, DType.FLOAT16),
                    bias == null ? null : cast(bias, DType.FLOAT16));
            return cast(y, x.dtype());
        }
        return linearIn(x, weight, bias);
    }

    /**
     * Mixed precision: module-level matrix products ({@link #linear}, {@link #matmulMixed}) run in
     * float16 with float32 inputs and outputs, while everything else (LayerNorm statistics,
     * softmax, losses, parameters) stays float32. Only affects ops recorded after the call.
     */
    public void setMatmulComputeType(DType type) {
        if (type != DType.FLOAT && type != DType.FLOAT16) {
            throw new IllegalArgumentException("matmul compute type must be float32 or float16, got " + type);
        }
        this.matmulComputeType = type;
    }

    public DType matmulComputeType() {
        return matmulComputeType;
    }

    private boolean mixed(Value x) {
        return matmulComputeType == DType.FLOAT16 && x.dtype() == DType.FLOAT;
    }

    /** A module-level batched matmul (attention): float16 under mixed precision, like {@link #linear}. */
    public Value matmulMixed(Value a, Value b) {
        if (mixed(a)) {
            return cast(matmul(cast(a, DType.FLOAT16), cast(b, DType.FLOAT16)), a.dtype());
        }
        return matmul(a, b);
    }

    private Value linearIn(Value x, Value weight, Value bias) {
        Dim out = weight.shape().get(0);
        if (x.rank() == 2) {
            return gemm(x, weight, bias, false, true, 1f, 1f);
        }
        Dim in = x.shape().get(-1);
        Value flat = reshape(x, Shape.of(x.shape().sub(0, x.rank() - 1).product(), in), longs(-1, in.size()));
        Value y = gemm(flat, weight, bias, false, true, 1f, 1f);
        Value targetShape = concat(0, shapeOf(x, 0, x.rank() - 1), longs(out.size()));
        return reshape(y, x.shape().with(-1, out), targetShape);
    }

    // ------------------------------------------------------------------ normalisation, softmax

    public Value softmax(Value x, int axis) {
        return op("Softmax", List.of(x), attrs("axis", axis), x.dtype(), x.shape());
    }

    public Value logSoftmax(Value x, int axis) {
        return op("LogSoftmax", List.of(x), attrs("axis", axis), x.dtype(), x.shape());
    }

    /**
     * LayerNormalization over the last axis. Returns the node so that the backward pass can reuse
     * its Mean (output 1) and InvStdDev (output 2).
     */
    public Node layerNormNode(Value x, Value gamma, Value beta, float eps) {
        Shape stat = x.shape().with(-1, Dim.of(1));
        List<Value> in = beta == null ? List.of(x, gamma) : List.of(x, gamma, beta);
        return node("LayerNormalization", "", in, attrs("axis", -1, "epsilon", eps),
                List.of(x.dtype(), DType.FLOAT, DType.FLOAT), List.of(x.shape(), stat, stat));
    }

    public Value layerNorm(Value x, Value gamma, Value beta, float eps) {
        return layerNormNode(x, gamma, beta, eps).output(0);
    }

    // ------------------------------------------------------------------ indexing

    /** numpy take: data[..., indices, ...] along {@code axis}. */
    public Value gather(Value data, Value indices, int axis) {
        int ax = data.shape().normAxis(axis);
        Shape out = data.shape().sub(0, ax).concat(indices.shape()).concat(data.shape().sub(ax + 1, data.rank()));
        return op("Gather", List.of(data, indices), attrs("axis", ax), data.dtype(), out);
    }

    public Value gatherElements(Value data, Value indices, int axis) {
        return op("GatherElements", List.of(data, indices), attrs("axis", axis), data.dtype(), indices.shape());
    }

    /** ScatterElements with reduction=add (race-free in ORT, unlike ScatterND add). */
    public Value scatterElementsAdd(Value data, Value indices, Value updates, int axis) {
        return op("ScatterElements", List.of(data, indices, updates), attrs("axis", axis, "reduction", "add"),
                data.dtype(), data.shape());
    }

    // ------------------------------------------------------------------ shape ops

    /** Shape(x)[start:end] as an int64 vector. */
    public Value shapeOf(Value x, int start, int end) {
        int s = start < 0 ? start + x.rank() : start;
        int e = end < 0 ? end + x.rank() : end;
        return op("Shape", List.of(x), attrs("start", s, "end", e), DType.INT64, Shape.fixed(e - s));
    }

    public Value shapeOf(Value x) {
        return op("Shape", List.of(x), Map.of(), DType.INT64, Shape.fixed(x.rank()));
    }

    /** Reshape to a runtime shape tensor; {@code known} is the symbolic result shape. */
    public Value reshape(Value x, Shape known, Value shapeTensor) {
        return op("Reshape", List.of(x, shapeTensor), Map.of(), x.dtype(), known);
    }

    /**
     * Reshape with an ONNX target (0 = copy the input dim, -1 = infer); the symbolic result shape
     * is derived from the input's dims.
     */
    public Value reshape(Value x, long... target) {
        List<Dim> out = new ArrayList<>();
        int inferAt = -1;
        for (int i = 0; i < target.length; i++) {
            if (target[i] == 0) {
                out.add(x.shape().get(i));
            } else if (target[i] == -1) {
                inferAt = i;
                out.add(null);
            } else {
                out.add(Dim.of(target[i]));
            }
        }
        if (inferAt >= 0) {
            Dim known = Dim.of(1);
            for (Dim d : out) {
                if (d != null) {
                    known = known.times(d);
                }
            }
            Dim inferred = x.shape().product().dividedBy(known);
            out.set(inferAt, inferred != null ? inferred : Dim.sym(graph.uniqueName("reshape_dim")));
        }
        return reshape(x, Shape.of(out), longs(target));
    }

    public Value transpose(Value x, int... perm) {
        List<Dim> out = new ArrayList<>();
        for (int p : perm) {
            out.add(x.shape().get(p));
        }
        return op("Transpose", List.of(x), attrs("perm", perm), x.dtype(), Shape.of(out));
    }

    public Value unsqueeze(Value x, int... axes) {
        int outRank = x.rank() + axes.length;
        long[] norm = new long[axes.length];
        for (int i = 0; i < axes.length; i++) {
            norm[i] = axes[i] < 0 ? axes[i] + outRank : axes[i];
        }
        Arrays.sort(norm);
        Shape s = x.shape();
        for (long a : norm) {
            s = s.inserted((int) a, Dim.of(1));
        }
        return op("Unsqueeze", List.of(x, longs(norm)), Map.of(), x.dtype(), s);
    }

    public Value squeeze(Value x, int... axes) {
        long[] norm = sortedAxes(x, axes);
        Shape s = x.shape();
        for (int i = norm.length - 1; i >= 0; i--) {
            s = s.without((int) norm[i]);
        }
        return op("Squeeze", List.of(x, longs(norm)), Map.of(), x.dtype(), s);
    }

    /** {@code axes} of {@code x} made non-negative, in ascending order (the ONNX axes input). */
    private static long[] sortedAxes(Value x, int... axes) {
        long[] norm = new long[axes.length];
        for (int i = 0; i < axes.length; i++) {
            norm[i] = x.shape().normAxis(axes[i]);
        }
        Arrays.sort(norm);
        return norm;
    }

    public Value concat(int axis, Value... parts) {
        int ax = parts[0].shape().normAxis(axis);
        Dim total = Dim.of(0);
        for (Value p : parts) {
            total = total.plus(p.shape().get(ax));
        }
        return op("Concat", List.of(parts), attrs("axis", ax), parts[0].dtype(), parts[0].shape().with(ax, total));
    }

    /** x[start:end] along one axis (constant bounds, step 1; end may be Long.MAX_VALUE). */
    public Value slice(Value x, int axis, long start, long end) {
        return slice(x, axis, start, end, 1);
    }

    public Value slice(Value x, int axis, long start, long end, long step) {
        int ax = x.shape().normAxis(axis);
        Dim d = x.shape().get(ax);
        Dim outDim;
        if (d.isFixed()) {
            long n = d.size();
            long s = clampIndex(start, n, step > 0);
            long e = clampIndex(end, n, step > 0);
            long len = step > 0 ? Math.max(0, (e - s + step - 1) / step) : Math.max(0, (s - e + (-step) - 1) / (-step));
            outDim = Dim.of(len);
        } else if (start >= 0 && end >= 0 && end != Long.MAX_VALUE && step == 1) {
            outDim = Dim.of(end - start);
        } else {
            outDim = Dim.sym(graph.uniqueName("slice_dim"));
        }
        return op("Slice", List.of(x, longs(start), longs(end), longs(ax), longs(step)), Map.of(),
                x.dtype(), x.shape().with(ax, outDim));
    }

    private static long clampIndex(long i, long n, boolean forward) {
        if (i < 0) {
            i += n;
        }
        return forward ? Math.max(0, Math.min(i, n)) : Math.max(-1, Math.min(i, n - 1));
    }

    /**
     * x[start:end] along one axis with runtime bounds (1-element int64 tensors); the result dim
     * is {@code known}.
     */
    public Value sliceDynamic(Value x, int axis, Value start, Value end, Dim known) {
        int ax = x.shape().normAxis(axis);
        if (!known.isFixed() && !known.equals(x.shape().get(ax))) {
            defineDim(known, sub(end, start));
        }
        return op("Slice", List.of(x, start, end, longs(ax)), Map.of(), x.dtype(), x.shape().with(ax, known));
    }

    /** int64 [0, 1, ..., limit-1] for a runtime scalar {@code limit}; its length is {@code known}. */
    public Value range(Value limit, Dim known) {
        defineDim(known, limit);
        return op("Range", List.of(longScalar(0), limit, longScalar(1)), Map.of(), DType.INT64, Shape.of(known));
    }

    /** Indices of the k smallest/largest entries along {@code axis}, sorted (k: 1-element int64). */
    public Value topKIndices(Value x, Value k, Dim kDim, int axis, boolean largest) {
        int ax = x.shape().normAxis(axis);
        Shape s = x.shape().with(ax, kDim);
        Node n = node("TopK", "", List.of(x, k), attrs("axis", ax, "largest", largest ? 1 : 0, "sorted", 1),
                List.of(x.dtype(), DType.INT64), List.of(s, s));
        return n.output(1);
    }

    /** Inclusive cumulative sum along {@code axis}. */
    public Value cumsum(Value x, int axis) {
        return op("CumSum", List.of(x, longScalar(x.shape().normAxis(axis))), Map.of(), x.dtype(), x.shape());
    }

    /** Splits along {@code axis} into pieces of the given sizes. */
    public List<Value> split(Value x, int axis, long... sizes) {
        int ax = x.shape().normAxis(axis);
        List<DType> types = new ArrayList<>();
        List<Shape> shapes = new ArrayList<>();
        for (long s : sizes) {
            types.add(x.dtype());
            shapes.add(x.shape().with(ax, Dim.of(s)));
        }
        return node("Split", "", List.of(x, longs(sizes)), attrs("axis", ax), types, shapes).outputs();
    }

    /** Broadcasts x to a runtime shape; {@code known} is the symbolic result shape. */
    public Value expand(Value x, Shape known, Value shapeTensor) {
        return op("Expand", List.of(x, shapeTensor), Map.of(), x.dtype(), known);
    }

    /** A float tensor of zeros/fill with the runtime shape {@code shapeTensor}. */
    public Value constantOfShape(Value shapeTensor, Shape known, float fill) {
        HostTensor v = HostTensor.ofFloats(new long[] {1}, fill);
        return op("ConstantOfShape", List.of(shapeTensor), attrs("value", v), DType.FLOAT, known);
    }

    /** The runtime shape of {@code v} as an int64 vector (a constant when the shape is fixed). */
    public Value shapeTensor(Value v) {
        return v.shape().isFixed() ? longs(v.shape().toLongs()) : shapeOf(v);
    }

    /** Zeros with the same shape and element type as {@code like}. */
    public Value zerosLike(Value like) {
        Value shape = shapeTensor(like);
        // ConstantOfShape's value attribute is a one-element tensor of the result type; all-zero
        // bytes are zero in every supported type.
        HostTensor zero = HostTensor.allocate(like.dtype(), 1);
        return op("ConstantOfShape", List.of(shape), attrs("value", zero), like.dtype(), like.shape());
    }

    // ------------------------------------------------------------------ reductions

    private Value reduce(String op, Value x, boolean keepDims, int... axes) {
        long[] norm = sortedAxes(x, axes);
        Shape s = x.shape();
        for (int i = norm.length - 1; i >= 0; i--) {
            s = keepDims ? s.with((int) norm[i], Dim.of(1)) : s.without((int) norm[i]);
        }
        return op(op, List.of(x, longs(norm)), attrs("keepdims", keepDims ? 1 : 0), x.dtype(), s);
    }

    public Value reduceSum(Value x, boolean keepDims, int... axes) {
        return reduce("ReduceSum", x, keepDims, axes);
    }

    public Value reduceMean(Value x, boolean keepDims, int... axes) {
        return reduce("ReduceMean", x, keepDims, axes);
    }

    public Value reduceMax(Value x, boolean keepDims, int... axes) {
        return reduce("ReduceMax", x, keepDims, axes);
    }

    /** Sum over every element, as a scalar. */
    public Value sumAll(Value x) {
        return x.rank() == 0 ? x : reduceSum(x, false, axesBelow(x.rank()));
    }

    public Value meanAll(Value x) {
        return x.rank() == 0 ? x : reduceMean(x, false, axesBelow(x.rank()));
    }

    /** The axes 0 .. n-1. */
    public static int[] axesBelow(int n) {
        int[] axes = new int[n];
        for (int i = 0; i < n; i++) {
            axes[i] = i;
        }
        return axes;
    }

    /** Variadic elementwise Sum (used to add fan-out gradients once). */
    public Value sum(List<Value> terms) {
        if (terms.size() == 1) {
            return terms.get(0);
        }
        Shape s = terms.get(0).shape();
        for (Value t : terms) {
            s = Shape.broadcast(s, t.shape());
        }
        return op("Sum", terms, Map.of(), terms.get(0).dtype(), s);
    }

    /**
     * int64 index of the largest entry along {@code axis}, the first one on ties (as the Java
     * metrics and torch.argmax on CPU pick).
     */
    public Value argMax(Value x, int axis, boolean keepDims) {
        int ax = x.shape().normAxis(axis);
        Shape s = keepDims ? x.shape().with(ax, Dim.of(1)) : x.shape().without(ax);
        return op("ArgMax", List.of(x), attrs("axis", ax, "keepdims", keepDims ? 1 : 0, "select_last_index", 0),
                DType.INT64, s);
    }

    // ------------------------------------------------------------------ composites

    /**
     * Inverted dropout with an externally supplied keep-mask (bool, same shape as x, or
     * broadcastable): x * mask / (1 - p). Masks come from (seed, step), so training is reproducible
     * and resumable; ORT's Dropout has no per-run seed.
     */
    public Value dropout(Value x, Value keepMask, float p) {
        Value scaled = mul(cast(keepMask, x.dtype()), 1f / (1f - p));
        return mul(x, scaled);
    }

    /**
     * Softmax cross-entropy with integer labels, classes on axis 1, mean over non-ignored targets
     * (PyTorch CrossEntropyLoss(ignore_index) semantics). Returns the scalar loss.
     */
    public Value softmaxCrossEntropy(Value logits, Value labels, long ignoreIndex) {
        Shape out = Shape.scalar();
        Node n = node("SoftmaxCrossEntropyLoss", "", List.of(logits, labels),
                attrs("reduction", "mean", "ignore_index", ignoreIndex), List.of(logits.dtype(), logits.dtype()),
                List.of(out, logits.shape()));
        return n.output(0);
    }

    /**
     * Binary cross-entropy with logits, elementwise (no reduction), in the numerically stable
     * form max(x,0) - x*t + log(1 + exp(-|x|)), as PyTorch computes it.
     */
    public Value bceWithLogits(Value logits, Value targets) {
        Value pos = relu(logits);
        Value xt = mul(logits, targets);
        Value soft = softplus(neg(abs(logits)));
        return add(sub(pos, xt), soft);
    }
}

package org.vlbert.graphs.onnx;

import ai.onnx.proto.OnnxMl;
import com.google.protobuf.ByteString;
import java.nio.ByteOrder;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.vlbert.graphs.GraphBuilder;
import org.vlbert.graphs.ir.Dim;
import org.vlbert.graphs.ir.Graph;
import org.vlbert.graphs.ir.Node;
import org.vlbert.graphs.ir.Param;
import org.vlbert.graphs.ir.Shape;
import org.vlbert.graphs.ir.Value;
import org.vlbert.graphs.tensor.DType;
import org.vlbert.graphs.tensor.HostTensor;

/**
 * Turns a recorded {@link Graph} into an ONNX {@code ModelProto}. Only nodes that the requested
 * outputs depend on are emitted, and only the inputs/parameters they read become graph inputs.
 * Parameters are either graph inputs (training/eval graphs: the engine feeds them) or embedded
 * initializers (inference graphs).
 */
public final class OnnxEmitter {
    /** IR version matching opset 20. */
    public static final int IR_VERSION = 9;
    public static final String PRODUCER = "vlbert-java";

    private final Graph graph;
    /** Embedded parameter values, or null while parameters are graph inputs (the default). */
    private Map<String, HostTensor> paramValues;
    private final Map<String, String> metadata = new LinkedHashMap<>();
    private String graphName = "vlbert";
    private String producerVersion = "dev";

    public OnnxEmitter(Graph graph) {
        this.graph = graph;
    }

    /** Embeds parameters; {@code values} must hold a tensor for every parameter that is used. */
    public OnnxEmitter paramsAsInitializers(Map<String, HostTensor> values) {
        this.paramValues = Objects.requireNonNull(values, "parameter values");
        return this;
    }

    public OnnxEmitter metadata(String key, String value) {
        metadata.put(key, value);
        return this;
    }

    public OnnxEmitter graphName(String name) {
        this.graphName = name;
        return this;
    }

    public OnnxEmitter producerVersion(String version) {
        this.producerVersion = version;
        return this;
    }

    /** Emits the model with every graph output. */
    public OnnxMl.ModelProto emit() {
        return emit(new ArrayList<>(graph.outputs().keySet()));
    }

    /** Emits the model restricted to the named outputs (in that order). */
    public OnnxMl.ModelProto emit(List<String> outputNames) {
        Map<String, Value> outs = new LinkedHashMap<>();
        for (String n : outputNames) {
            outs.put(n, graph.output(n));
        }
        Set<Node> live = liveNodes(outs.values());
        Set<Value> used = usedValues(live, outs.values());

        OnnxMl.GraphProto.Builder g = OnnxMl.GraphProto.newBuilder().setName(graphName);
        Set<String> domains = new LinkedHashSet<>();
        for (Value in : graph.inputs()) {
            if (used.contains(in)) {
                g.addInput(valueInfo(in.name(), in));
            }
        }
        for (Param p : graph.params().values()) {
            if (!used.contains(p.value())) {
                continue;
            }
            if (paramValues == null) {
                g.addInput(valueInfo(p.name(), p.value()));
            } else {
                HostTensor t = paramValues.get(p.name());
                if (t == null) {
                    throw new IllegalArgumentException("no value for parameter " + p.name());
                }
                g.addInitializer(tensor(p.name(), t));
            }
        }
        for (Map.Entry<Value, HostTensor> c : graph.constants().entrySet()) {
            if (used.contains(c.getKey())) {
                g.addInitializer(tensor(c.getKey().name(), c.getValue()));
            }
        }
        for (Node n : graph.nodes()) {
            if (!live.contains(n)) {
                continue;
            }
            g.addNode(node(n));
            if (!n.domain().isEmpty()) {
                domains.add(n.domain());
            }
        }
        Set<String> emittedOutputs = new HashSet<>();
        for (Map.Entry<String, Value> o : outs.entrySet()) {
            String name = o.getKey();
            Value v = o.getValue();
            if (!name.equals(v.name())) {
                // ONNX names outputs by value; rename through an Identity. (An input, parameter or
                // constant exported under its own name is listed as an output as it is.)
                g.addNode(OnnxMl.NodeProto.newBuilder().setOpType("Identity").setName("output/" + name)
                        .addInput(v.name()).addOutput(name));
            }
            if (!emittedOutputs.add(name)) {
                throw new IllegalArgumentException("duplicate output " + name);
            }
            g.addOutput(valueInfo(name, v));
        }

        OnnxMl.ModelProto.Builder m = OnnxMl.ModelProto.newBuilder()
                .setIrVersion(IR_VERSION)
                .setProducerName(PRODUCER)
                .setProducerVersion(producerVersion)
                .setGraph(g)
                .addOpsetImport(OnnxMl.OperatorSetIdProto.newBuilder().setDomain("").setVersion(GraphBuilder.OPSET));
        for (String d : domains) {
            m.addOpsetImport(OnnxMl.OperatorSetIdProto.newBuilder().setDomain(d).setVersion(1));
        }
        for (Map.Entry<String, String> e : metadata.entrySet()) {
            m.addMetadataProps(OnnxMl.StringStringEntryProto.newBuilder().setKey(e.getKey()).setValue(e.getValue()));
        }
        return m.build();
    }

    private Set<Node> liveNodes(Iterable<Value> outputs) {
        Set<Node> live = new HashSet<>();
        Deque<Value> work = new ArrayDeque<>();
        outputs.forEach(work::add);
        while (!work.isEmpty()) {
            Value v = work.pop();
            Node p = v.producer();
            if (p != null && live.add(p)) {
                for (Value in : p.inputs()) {
                    if (in != null) {
                        work.push(in);
                    }
                }
            }
        }
        return live;
    }

    private static Set<Value> usedValues(Set<Node> live, Iterable<Value> outputs) {
        Set<Value> used = new HashSet<>();
        for (Node n : live) {
            for (Value in : n.inputs()) {
                if (in != null) {
                    used.add(in);
                }
            }
        }
        outputs.forEach(used::add);
        return used;
    }

    private static OnnxMl.NodeProto.Builder node(Node n) {
        OnnxMl.NodeProto.Builder b = OnnxMl.NodeProto.newBuilder().setOpType(n.opType()).setName(n.name());
        if (!n.domain().isEmpty()) {
            b.setDomain(n.domain());
        }
        for (Value in : n.inputs()) {
            b.addInput(in == null ? "" : in.name());
        }
        for (Value out : n.outputs()) {
            b.addOutput(out.name());
        }
        for (Map.Entry<String, Object> a : n.attrs().entrySet()) {
            b.addAttribute(attribute(a.getKey(), a.getValue()));
        }
        return b;
    }

    private static OnnxMl.AttributeProto attribute(String name, Object v) {
        OnnxMl.AttributeProto.Builder a = OnnxMl.AttributeProto.newBuilder().setName(name);
        if (v instanceof Long l) {
            a.setType(OnnxMl.AttributeProto.AttributeType.INT).setI(l);
        } else if (v instanceof Float f) {
            a.setType(OnnxMl.AttributeProto.AttributeType.FLOAT).setF(f);
        } else if (v instanceof String s) {
            a.setType(OnnxMl.AttributeProto.AttributeType.STRING).setS(ByteString.copyFromUtf8(s));
        } else if (v instanceof long[] ls) {
            a.setType(OnnxMl.AttributeProto.AttributeType.INTS);
            for (long l : ls) {
                a.addInts(l);
            }
        } else if (v instanceof float[] fs) {
            a.setType(OnnxMl.AttributeProto.AttributeType.FLOATS);
            for (float f : fs) {
                a.addFloats(f);
            }
        } else if (v instanceof HostTensor t) {
            a.setType(OnnxMl.AttributeProto.AttributeType.TENSOR).setT(tensor("", t));
        } else {
            throw new IllegalArgumentException("unsupported attribute value for " + name + ": " + v);
        }
        return a.build();
    }

    /** A TensorProto with raw little-endian data. */
    public static OnnxMl.TensorProto tensor(String name, HostTensor t) {
        if (ByteOrder.nativeOrder() != ByteOrder.LITTLE_ENDIAN) {
            throw new IllegalStateException("big-endian hosts are not supported");
        }
        OnnxMl.TensorProto.Builder b = OnnxMl.TensorProto.newBuilder().setName(name).setDataType(t.dtype().onnxCode());
        for (long d : t.shape()) {
            b.addDims(d);
        }
        b.setRawData(ByteString.copyFrom(t.buffer()));
        return b.build();
    }

    /** A value_info with element type and (possibly symbolic) shape. */
    public static OnnxMl.ValueInfoProto valueInfo(String name, Value v) {
        return valueInfo(name, v.dtype(), v.shape());
    }

    public static OnnxMl.ValueInfoProto valueInfo(String name, DType dtype, Shape shape) {
        OnnxMl.TensorShapeProto.Builder s = OnnxMl.TensorShapeProto.newBuilder();
        for (Dim d : shape.dims()) {
            OnnxMl.TensorShapeProto.Dimension.Builder db = OnnxMl.TensorShapeProto.Dimension.newBuilder();
            if (d.isFixed()) {
                db.setDimValue(d.size());
            } else {
                db.setDimParam(d.symbol());
            }
            s.addDim(db);
        }
        OnnxMl.TypeProto.Tensor.Builder tt = OnnxMl.TypeProto.Tensor.newBuilder()
                .setElemType(dtype.onnxCode()).setShape(s);
        return OnnxMl.ValueInfoProto.newBuilder().setName(name)
                .setType(OnnxMl.TypeProto.newBuilder().setTensorType(tt)).build();
    }
}

package org.vlbert.graphs.ir;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.vlbert.graphs.tensor.DType;
import org.vlbert.graphs.tensor.HostTensor;

/**
 * The recorded graph: inputs, parameters, constants, nodes in topological (creation) order and
 * named outputs. Values are only created through this class, which keeps their names unique.
 */
public final class Graph {
    private final List<Value> inputs = new ArrayList<>();
    private final Map<String, Param> params = new LinkedHashMap<>();
    private final Map<Value, HostTensor> constants = new LinkedHashMap<>();
    private final List<Node> nodes = new ArrayList<>();
    private final Map<String, Value> outputs = new LinkedHashMap<>();
    private final Set<String> names = new HashSet<>();
    private final Map<String, Integer> counters = new HashMap<>();

    public Value addInput(String name, DType dtype, Shape shape) {
        claim(name);
        Value v = new Value(name, dtype, shape, Value.Kind.INPUT, null);
        inputs.add(v);
        return v;
    }

    public Param addParam(String name, Shape shape, ParamInit init, boolean trainable) {
        if (!shape.isFixed()) {
            throw new IllegalArgumentException("parameter " + name + " needs a fixed shape, got " + shape);
        }
        claim(name);
        Value v = new Value(name, DType.FLOAT, shape, Value.Kind.PARAM, null);
        Param p = new Param(name, v, shape.toLongs(), init, trainable);
        params.put(name, p);
        return p;
    }

    public Value addConstant(String hint, HostTensor data) {
        String name = uniqueName(hint);
        names.add(name);
        Value v = new Value(name, data.dtype(), Shape.fixed(data.shape()), Value.Kind.CONSTANT, null);
        constants.put(v, data);
        return v;
    }

    /** Appends a node; {@code outTypes}/{@code outShapes} describe each output. */
    public Node addNode(String nameHint, String opType, String domain, List<Value> in, Map<String, Object> attrs,
                        List<DType> outTypes, List<Shape> outShapes) {
        String nodeName = uniqueName(nameHint);
        names.add(nodeName);
        Node n = new Node(nodeName, opType, domain, in, attrs);
        for (int i = 0; i < outTypes.size(); i++) {
            // A single output shares the node's (unique) name; extra outputs get ":i" suffixes.
            String outName = outTypes.size() == 1 ? nodeName : uniqueName(nodeName + ":" + i);
            names.add(outName);
            n.addOutput(new Value(outName, outTypes.get(i), outShapes.get(i), Value.Kind.NODE, n));
        }
        nodes.add(n);
        return n;
    }

    /** Marks {@code v} as a graph output under {@code name}. */
    public void setOutput(String name, Value v) {
        if (outputs.containsKey(name)) {
            throw new IllegalArgumentException("duplicate graph output " + name);
        }
        outputs.put(name, v);
    }

    public String uniqueName(String hint) {
        if (!names.contains(hint)) {
            return hint;
        }
        int k = counters.getOrDefault(hint, 0);
        String candidate;
        do {
            k++;
            candidate = hint + "_" + k;
        } while (names.contains(candidate));
        counters.put(hint, k);
        return candidate;
    }

    private void claim(String name) {
        if (!names.add(name)) {
            throw new IllegalArgumentException("name already used in graph: " + name);
        }
    }

    public List<Value> inputs() {
        return Collections.unmodifiableList(inputs);
    }

    public Map<String, Param> params() {
        return Collections.unmodifiableMap(params);
    }

    public Param param(String name) {
        Param p = params.get(name);
        if (p == null) {
            throw new IllegalArgumentException("no parameter named " + name);
        }
        return p;
    }

    public Map<Value, HostTensor> constants() {
        return Collections.unmodifiableMap(constants);
    }

    public List<Node> nodes() {
        return Collections.unmodifiableList(nodes);
    }

    public Map<String, Value> outputs() {
        return Collections.unmodifiableMap(outputs);
    }

    public Value output(String name) {
        Value v = outputs.get(name);
        if (v == null) {
            throw new IllegalArgumentException("no graph output named " + name);
        }
        return v;
    }
}

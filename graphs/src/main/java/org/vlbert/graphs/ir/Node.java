package org.vlbert.graphs.ir;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One ONNX operator application. Inputs may contain null for omitted optional inputs. Attribute
 * values are Long, Float, String, long[], float[], or a HostTensor.
 */
public final class Node {
    private final String name;
    private final String opType;
    private final String domain;
    private final List<Value> inputs;
    private final List<Value> outputs = new ArrayList<>();
    private final Map<String, Object> attrs;

    Node(String name, String opType, String domain, List<Value> inputs, Map<String, Object> attrs) {
        this.name = name;
        this.opType = opType;
        this.domain = domain;
        this.inputs = Collections.unmodifiableList(new ArrayList<>(inputs));
        this.attrs = Collections.unmodifiableMap(new LinkedHashMap<>(attrs));
    }

    void addOutput(Value v) {
        outputs.add(v);
    }

    public String name() {
        return name;
    }

    public String opType() {
        return opType;
    }

    public String domain() {
        return domain;
    }

    public List<Value> inputs() {
        return inputs;
    }

    public Value input(int i) {
        return i < inputs.size() ? inputs.get(i) : null;
    }

    public List<Value> outputs() {
        return Collections.unmodifiableList(outputs);
    }

    public Value output(int i) {
        return outputs.get(i);
    }

    public Map<String, Object> attrs() {
        return attrs;
    }

    public long attrLong(String key, long dflt) {
        Object v = attrs.get(key);
        return v == null ? dflt : ((Number) v).longValue();
    }

    public float attrFloat(String key, float dflt) {
        Object v = attrs.get(key);
        return v == null ? dflt : ((Number) v).floatValue();
    }

    public long[] attrLongs(String key) {
        return (long[]) attrs.get(key);
    }

    public String attrString(String key, String dflt) {
        Object v = attrs.get(key);
        return v == null ? dflt : (String) v;
    }

    @Override
    public String toString() {
        return opType + "(" + name + ")";
    }
}

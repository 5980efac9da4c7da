package org.vlbert.graphs.artifacts;

import ai.onnx.proto.OnnxMl;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.vlbert.graphs.compile.CompiledTask;
import org.vlbert.graphs.ir.Dim;
import org.vlbert.graphs.ir.Param;
import org.vlbert.graphs.ir.Shape;
import org.vlbert.graphs.model.Dropout;
import org.vlbert.graphs.tensor.DType;

/**
 * The {@code metadata_props} keys of every artifact and their JSON values. See docs/graphs.md for
 * the full convention. Shapes are JSON lists whose elements are numbers (fixed sizes) or strings
 * (symbolic dims such as {@code batch}, or {@code *}/{@code +} expressions of them).
 */
public final class ArtifactMetadata {
    private ArtifactMetadata() {}

    public static final String PRODUCER = "vlbert.producer";
    public static final String VERSION = "vlbert.version";
    public static final String FORMAT = "vlbert.format";
    public static final String CONFIG_HASH = "vlbert.config_hash";
    public static final String KIND = "vlbert.kind";
    public static final String TASK = "vlbert.task";
    /** JSON list of {name, dtype, shape, role: batch|param|dropout_mask}. */
    public static final String INPUTS = "vlbert.inputs";
    /** JSON list of {name, dtype, shape, role: loss|loss_term|output|grad|dim} (+ param for grad). */
    public static final String OUTPUTS = "vlbert.outputs";
    /** JSON list of {name, dtype, shape, trainable, init: {kind, a, b}, used} for every model parameter. */
    public static final String PARAMS = "vlbert.params";
    /** JSON list of trainable parameter names whose gradient is an explicit zero (train_step). */
    public static final String UNUSED_PARAMS = "vlbert.unused_params";
    /** JSON list of {site, input, p, shape} (train_step; empty elsewhere). */
    public static final String DROPOUT_SITES = "vlbert.dropout_sites";
    /**
     * JSON list of the data-dependent dim symbols that dims.onnx computes (as outputs
     * {@code dim.<symbol>}) and mask shapes may use (train_step; empty elsewhere).
     */
    public static final String DIMS = "vlbert.dims";

    /** The version of this metadata convention. */
    public static final String FORMAT_VERSION = "1";
    /** Prefix of every dropout mask input name ({@code dropout.<site>}). */
    public static final String MASK_PREFIX = "dropout.";

    public static final String ROLE_BATCH = "batch";
    public static final String ROLE_PARAM = "param";
    public static final String ROLE_DROPOUT_MASK = "dropout_mask";
    public static final String ROLE_LOSS = "loss";
    public static final String ROLE_LOSS_TERM = "loss_term";
    public static final String ROLE_DIM = "dim";
    public static final String ROLE_OUTPUT = "output";
    public static final String ROLE_GRAD = "grad";

    /** What the metadata of one artifact is computed from. */
    record Facts(ArtifactKind kind, String task, String producer, String version, String configHash,
                 Collection<Param> params, List<String> unusedParams, List<Dropout.Site> dropoutSites,
                 Collection<String> lossTerms, List<String> dimSymbols) {}

    /** The metadata entries of {@code model} (its final inputs, outputs and initializers). */
    static Map<String, String> entries(OnnxMl.ModelProto model, Facts f) {
        Set<String> paramNames = new HashSet<>();
        f.params().forEach(p -> paramNames.add(p.name()));
        Set<String> maskNames = new HashSet<>();
        f.dropoutSites().forEach(s -> maskNames.add(s.inputName()));
        Set<String> lossTerms = new HashSet<>(f.lossTerms());
        Set<String> present = new HashSet<>();
        model.getGraph().getInputList().forEach(i -> present.add(i.getName()));
        model.getGraph().getInitializerList().forEach(i -> present.add(i.getName()));

        List<Object> inputs = new ArrayList<>();
        for (OnnxMl.ValueInfoProto in : model.getGraph().getInputList()) {
            String role = paramNames.contains(in.getName()) ? ROLE_PARAM
                    : maskNames.contains(in.getName()) ? ROLE_DROPOUT_MASK : ROLE_BATCH;
            inputs.add(io(in, role, null));
        }
        List<Object> outputs = new ArrayList<>();
        for (OnnxMl.ValueInfoProto out : model.getGraph().getOutputList()) {
            String name = out.getName();
            if (name.equals("loss")) {
                outputs.add(io(out, ROLE_LOSS, null));
            } else if (lossTerms.contains(name)) {
                outputs.add(io(out, ROLE_LOSS_TERM, null));
            } else if (f.kind() == ArtifactKind.DIMS) {
                outputs.add(io(out, ROLE_DIM, null));
            } else if (name.startsWith(CompiledTask.gradName(""))) {
                outputs.add(io(out, ROLE_GRAD, name.substring(CompiledTask.gradName("").length())));
            } else {
                outputs.add(io(out, ROLE_OUTPUT, null));
            }
        }
        List<Object> params = new ArrayList<>();
        for (Param p : f.params()) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("name", p.name());
            e.put("dtype", DType.FLOAT.numpyName());
            e.put("shape", dims(Shape.fixed(p.shape())));
            e.put("trainable", p.trainable());
            Map<String, Object> init = new LinkedHashMap<>();
            init.put("kind", p.init().kind().name());
            init.put("a", p.init().a());
            init.put("b", p.init().b());
            e.put("init", init);
            e.put("used", present.contains(p.name()));
            params.add(e);
        }
        List<Object> sites = new ArrayList<>();
        for (Dropout.Site s : f.dropoutSites()) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("site", siteOf(s.inputName()));
            e.put("input", s.inputName());
            e.put("p", s.p());
            e.put("shape", dims(s.shape()));
            sites.add(e);
        }

        Map<String, String> m = new LinkedHashMap<>();
        m.put(PRODUCER, f.producer());
        m.put(VERSION, f.version());
        m.put(FORMAT, FORMAT_VERSION);
        m.put(CONFIG_HASH, f.configHash());
        m.put(KIND, f.kind().id());
        m.put(TASK, f.task());
        m.put(INPUTS, Json.write(inputs));
        m.put(OUTPUTS, Json.write(outputs));
        m.put(PARAMS, Json.write(params));
        m.put(UNUSED_PARAMS, Json.write(new ArrayList<Object>(f.unusedParams())));
        m.put(DROPOUT_SITES, Json.write(sites));
        m.put(DIMS, Json.write(new ArrayList<Object>(f.dimSymbols())));
        return m;
    }

    /** The module path of a mask input {@code dropout.<site>}. */
    static String siteOf(String maskInput) {
        return maskInput.startsWith(MASK_PREFIX) ? maskInput.substring(MASK_PREFIX.length()) : maskInput;
    }

    private static Map<String, Object> io(OnnxMl.ValueInfoProto v, String role, String param) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("name", v.getName());
        e.put("dtype", dtypeName(v.getType().getTensorType().getElemType()));
        e.put("shape", shapeOf(v));
        e.put("role", role);
        if (param != null) {
            e.put("param", param);
        }
        return e;
    }

    static String dtypeName(int onnxCode) {
        try {
            return DType.fromOnnxCode(onnxCode).numpyName();
        } catch (IllegalArgumentException e) {
            return "onnx_type_" + onnxCode;
        }
    }

    /** The dims of a value_info: sizes as Long, symbols as String, "?" when neither is set. */
    static List<Object> shapeOf(OnnxMl.ValueInfoProto v) {
        List<Object> shape = new ArrayList<>();
        for (OnnxMl.TensorShapeProto.Dimension d : v.getType().getTensorType().getShape().getDimList()) {
            shape.add(d.hasDimValue() ? (Object) d.getDimValue() : d.hasDimParam() ? d.getDimParam() : "?");
        }
        return shape;
    }

    static List<Object> dims(Shape s) {
        List<Object> out = new ArrayList<>();
        for (Dim d : s.dims()) {
            out.add(d.isFixed() ? (Object) d.size() : d.symbol());
        }
        return out;
    }

    // ------------------------------------------------------------------ reading

    /** Parses a {@link #DROPOUT_SITES} value. */
    public static List<Dropout.Site> parseDropoutSites(String json) {
        List<Dropout.Site> out = new ArrayList<>();
        for (Object o : list(json, DROPOUT_SITES)) {
            Map<?, ?> e = map(o, DROPOUT_SITES);
            if (!(e.get("p") instanceof Number p)) {
                throw new ArtifactException("metadata " + DROPOUT_SITES + " entry " + e + " lacks the number 'p'");
            }
            out.add(new Dropout.Site(str(e, "input"), p.floatValue(), shape(e.get("shape"))));
        }
        return out;
    }

    /** Parses an {@link #INPUTS} or {@link #OUTPUTS} value into name → role. */
    public static Map<String, String> parseRoles(String json, String key) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Object o : list(json, key)) {
            Map<?, ?> e = map(o, key);
            out.put(str(e, "name"), str(e, "role"));
        }
        return out;
    }

    /** Parses a {@link #PARAMS} value into the parameter names. */
    public static List<String> parseParamNames(String json) {
        List<String> out = new ArrayList<>();
        for (Object o : list(json, PARAMS)) {
            out.add(str(map(o, PARAMS), "name"));
        }
        return out;
    }

    /** Parses a JSON list of names ({@link #UNUSED_PARAMS}, {@link #DIMS}). */
    public static List<String> parseNames(String json, String key) {
        List<String> out = new ArrayList<>();
        for (Object o : list(json, key)) {
            if (!(o instanceof String s)) {
                throw new ArtifactException("metadata " + key + " must be a list of names, found " + o);
            }
            out.add(s);
        }
        return out;
    }

    private static Shape shape(Object o) {
        if (!(o instanceof List<?> l)) {
            throw new ArtifactException("metadata shape must be a list, found " + o);
        }
        List<Dim> dims = new ArrayList<>();
        for (Object d : l) {
            dims.add(d instanceof Number n ? Dim.of(n.longValue()) : Dim.sym(String.valueOf(d)));
        }
        return Shape.of(dims);
    }

    private static List<?> list(String json, String key) {
        Object v;
        try {
            v = Json.parse(json);
        } catch (IllegalArgumentException e) {
            throw new ArtifactException("metadata " + key + " is not valid JSON: " + e.getMessage());
        }
        if (!(v instanceof List<?> l)) {
            throw new ArtifactException("metadata " + key + " must be a JSON list");
        }
        return l;
    }

    private static Map<?, ?> map(Object o, String key) {
        if (!(o instanceof Map<?, ?> m)) {
            throw new ArtifactException("metadata " + key + " entries must be JSON objects, found " + o);
        }
        return m;
    }

    private static String str(Map<?, ?> m, String field) {
        Object v = m.get(field);
        if (!(v instanceof String s)) {
            throw new ArtifactException("metadata entry " + m + " lacks the string field '" + field + "'");
        }
        return s;
    }
}

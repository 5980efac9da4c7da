package org.vlbert.graphs.testutil;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.vlbert.graphs.GraphBuilder;
import org.vlbert.graphs.autodiff.Autodiff;
import org.vlbert.graphs.ir.Dim;
import org.vlbert.graphs.ir.Param;
import org.vlbert.graphs.ir.Shape;
import org.vlbert.graphs.ir.Value;
import org.vlbert.graphs.model.Dropout;
import org.vlbert.graphs.model.TaskGraph;
import org.vlbert.graphs.onnx.OnnxEmitter;
import org.vlbert.graphs.tensor.DType;
import org.vlbert.graphs.tensor.HostTensor;

/**
 * Runs a {@link TaskGraph} the way training will: the loss graph with fed dropout keep-masks,
 * reverse-mode gradients of every trainable parameter, all executed in ONNX Runtime with random
 * parameters; plus a central finite-difference check of chosen parameter gradients.
 *
 * <p>Dropout mask shapes contain dims computed inside the graph (trimmed box count, packed
 * length, ...). They are resolved by first running the dropout-free graph and reading the actual
 * size of every symbolic dim of its inputs and outputs.
 */
public final class TaskGraphTrainCheck {
    /** The result of the training run (without the finite-difference perturbations). */
    public record Outcome(Map<String, HostTensor> outputs, float loss, Map<String, HostTensor> lossTerms,
                          Map<String, HostTensor> gradients, List<String> unusedParams, List<Dropout.Site> sites,
                          Map<String, HostTensor> params, Map<String, HostTensor> evalOutputs) {}

    private final TaskGraph model;
    private final Map<String, HostTensor> inputs;
    private final long seed;
    private final Map<String, Integer> fdParams = new LinkedHashMap<>();
    private Map<String, HostTensor> fixedParams = Map.of();
    private double eps = 1e-2;
    private double atol = 2e-4;
    private double rtol = 2e-2;

    public TaskGraphTrainCheck(TaskGraph model, Map<String, HostTensor> inputs, long seed) {
        this.model = model;
        this.inputs = inputs;
        this.seed = seed;
    }

    /** Finite-difference checks {@code elements} random elements of the gradient of {@code param}. */
    public TaskGraphTrainCheck fd(String param, int elements) {
        fdParams.put(param, elements);
        return this;
    }

    /** Values for some parameters (e.g. BatchNorm statistics, which need a positive variance); the rest are random. */
    public TaskGraphTrainCheck params(Map<String, HostTensor> values) {
        this.fixedParams = values;
        return this;
    }

    public TaskGraphTrainCheck tolerance(double eps, double atol, double rtol) {
        this.eps = eps;
        this.atol = atol;
        this.rtol = rtol;
        return this;
    }

    /** Runs everything; throws AssertionError on non-finite values or gradient mismatches. */
    public Outcome run() {
        GraphBuilder eval = new GraphBuilder();
        TaskGraph.Result er = model.build(eval, Dropout.none(), true);
        Map<String, HostTensor> params = randomParams(eval.graph().params().values());
        Map<String, HostTensor> evalOut = evalRun(eval, er, params);
        Map<String, Long> dims = resolveDims(eval, evalOut);

        GraphBuilder b = new GraphBuilder();
        Dropout dropout = Dropout.masks();
        TaskGraph.Result r = model.build(b, dropout, true);
        List<Value> trainable = new ArrayList<>();
        for (Param p : b.graph().params().values()) {
            if (p.trainable()) {
                trainable.add(p.value());
            }
        }
        Autodiff.Result grads = new Autodiff(b).gradients(r.loss(), trainable);
        b.output("loss", r.loss());
        r.outputs().forEach((n, v) -> b.output("out." + n, v));
        r.lossTerms().forEach((n, v) -> b.output("term." + n, v));
        for (Value p : trainable) {
            b.output("grad." + p.name(), grads.gradients().get(p));
        }
        Map<String, HostTensor> feeds = new HashMap<>(inputs);
        feeds.putAll(params);
        Random maskRnd = new Random(seed + 17);
        for (Dropout.Site s : dropout.sites()) {
            feeds.put(s.inputName(), keepMask(resolve(s.shape(), dims, s.inputName()), s.p(), maskRnd));
        }
        List<String> unused = grads.unused().stream().map(Value::name).toList();

        try (OrtRunner ort = new OrtRunner(new OnnxEmitter(b.graph()).emit(), 1)) {
            Map<String, HostTensor> all = ort.run(feeds);
            Map<String, HostTensor> outs = new LinkedHashMap<>();
            Map<String, HostTensor> terms = new LinkedHashMap<>();
            Map<String, HostTensor> gradValues = new LinkedHashMap<>();
            all.forEach((n, t) -> {
                if (n.startsWith("out.")) {
                    outs.put(n.substring(4), t);
                } else if (n.startsWith("term.")) {
                    terms.put(n.substring(5), t);
                } else if (n.startsWith("grad.")) {
                    gradValues.put(n.substring(5), t);
                    requireFinite(n, t);
                }
            });
            float loss = all.get("loss").toFloatArray()[0];
            if (!Float.isFinite(loss)) {
                throw new AssertionError("loss is not finite: " + loss);
            }
            checkFiniteDifferences(ort, feeds, gradValues);
            return new Outcome(outs, loss, terms, gradValues, unused, dropout.sites(), params, evalOut);
        }
    }

    private Map<String, HostTensor> evalRun(GraphBuilder eval, TaskGraph.Result er, Map<String, HostTensor> params) {
        er.outputs().forEach(eval::output);
        er.intermediates().forEach((n, v) -> eval.output("inter." + n, v));
        eval.output("loss", er.loss());
        Map<String, HostTensor> feeds = new HashMap<>(inputs);
        feeds.putAll(params);
        try (OrtRunner ort = new OrtRunner(new OnnxEmitter(eval.graph()).emit(), 1)) {
            return ort.run(feeds);
        }
    }

    /** Symbol -> size, read from the declared vs actual shapes of the eval graph's inputs and outputs. */
    private Map<String, Long> resolveDims(GraphBuilder eval, Map<String, HostTensor> evalOut) {
        Map<String, Long> dims = new HashMap<>();
        for (Value in : eval.graph().inputs()) {
            HostTensor t = inputs.get(in.name());
            if (t != null) {
                record(dims, in.shape(), t.shape());
            }
        }
        eval.graph().outputs().forEach((n, v) -> record(dims, v.shape(), evalOut.get(n).shape()));
        return dims;
    }

    private static void record(Map<String, Long> dims, Shape declared, long[] actual) {
        for (int i = 0; i < declared.rank() && i < actual.length; i++) {
            Dim d = declared.get(i);
            if (!d.isFixed()) {
                dims.putIfAbsent(d.symbol(), actual[i]);
            }
        }
    }

    private static long[] resolve(Shape s, Map<String, Long> dims, String what) {
        long[] out = new long[s.rank()];
        for (int i = 0; i < out.length; i++) {
            Dim d = s.get(i);
            if (d.isFixed()) {
                out[i] = d.size();
            } else if (dims.containsKey(d.symbol())) {
                out[i] = dims.get(d.symbol());
            } else {
                long v = 1;
                for (String f : d.symbol().split("\\*")) {
                    Long known = f.chars().allMatch(Character::isDigit) ? Long.valueOf(f) : dims.get(f);
                    if (known == null) {
                        throw new AssertionError("cannot resolve dim " + d + " of " + what + " from " + dims);
                    }
                    v *= known;
                }
                out[i] = v;
            }
        }
        return out;
    }

    private void checkFiniteDifferences(OrtRunner ort, Map<String, HostTensor> feeds,
                                        Map<String, HostTensor> gradValues) {
        List<String> failures = new ArrayList<>();
        Random pick = new Random(seed + 29);
        for (Map.Entry<String, Integer> e : fdParams.entrySet()) {
            String name = e.getKey();
            HostTensor base = feeds.get(name);
            HostTensor grad = gradValues.get(name);
            if (base == null || grad == null) {
                throw new AssertionError("no trainable parameter named " + name);
            }
            float[] g = grad.toFloatArray();
            for (int k = 0; k < e.getValue(); k++) {
                int idx = pick.nextInt((int) base.numel());
                double numeric = (lossWith(ort, feeds, name, base, idx, eps) - lossWith(ort, feeds, name, base, idx, -eps))
                        / (2 * eps);
                if (Math.abs(numeric - g[idx]) > atol + rtol * Math.abs(numeric)) {
                    failures.add(String.format("d loss / d %s[%d]: analytic %.6g, numeric %.6g", name, idx, g[idx], numeric));
                }
            }
        }
        if (!failures.isEmpty()) {
            throw new AssertionError(failures.size() + " gradient mismatches:\n  " + String.join("\n  ", failures));
        }
    }

    private static double lossWith(OrtRunner ort, Map<String, HostTensor> feeds, String name, HostTensor base, int idx,
                                   double delta) {
        HostTensor moved = base.copy();
        moved.floatView().put(idx, (float) (base.floatView().get(idx) + delta));
        Map<String, HostTensor> f = new HashMap<>(feeds);
        f.put(name, moved);
        return ort.run(f, Set.of("loss")).get("loss").toFloatArray()[0];
    }

    /** U(-0.5, 0.5) for every parameter, except LayerNorm gains 1 + U(-0.2, 0.2). */
    private Map<String, HostTensor> randomParams(Iterable<Param> ps) {
        Map<String, HostTensor> out = new LinkedHashMap<>();
        Random rnd = new Random(seed);
        for (Param p : ps) {
            if (fixedParams.containsKey(p.name())) {
                out.put(p.name(), fixedParams.get(p.name()));
                continue;
            }
            HostTensor t = HostTensor.allocate(DType.FLOAT, p.shape());
            boolean gain = p.name().endsWith(".weight") && p.shape().length == 1;
            var fb = t.floatView();
            for (int i = 0; i < fb.capacity(); i++) {
                float u = rnd.nextFloat() - 0.5f;
                fb.put(i, gain ? 1f + 0.4f * u : u);
            }
            out.put(p.name(), t);
        }
        return out;
    }

    private static HostTensor keepMask(long[] shape, float p, Random rnd) {
        HostTensor t = HostTensor.allocate(DType.BOOL, shape);
        var buf = t.buffer();
        for (int i = 0; i < t.numel(); i++) {
            buf.put(i, (byte) (rnd.nextFloat() >= p ? 1 : 0));
        }
        return t;
    }

    private static void requireFinite(String name, HostTensor t) {
        for (float v : t.toFloatArray()) {
            if (!Float.isFinite(v)) {
                throw new AssertionError(name + " has a non-finite value " + v);
            }
        }
    }
}

package org.vlbert.graphs.testutil;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.vlbert.graphs.GraphBuilder;
import org.vlbert.graphs.autodiff.Autodiff;
import org.vlbert.graphs.ir.Shape;
import org.vlbert.graphs.ir.Value;
import org.vlbert.graphs.onnx.OnnxEmitter;
import org.vlbert.graphs.tensor.DType;
import org.vlbert.graphs.tensor.HostTensor;

/**
 * Central finite-difference check of generated gradients, executed through ONNX Runtime.
 * The function under test may return any tensor y; the checked loss is sum(y * R) with a fixed
 * random R, so every output element contributes with a different weight.
 */
public final class GradCheck {
    /** Builds the function under test from the declared inputs. */
    public interface Fn {
        Value build(GraphBuilder b, Map<String, Value> in);
    }

    private final Map<String, HostTensor> feeds = new LinkedHashMap<>();
    private final Map<String, Shape> declared = new LinkedHashMap<>();
    private final List<String> wrt = new ArrayList<>();
    private double eps = 1e-2;
    private double atol = 2e-3;
    private double rtol = 2e-2;
    private int maxPerInput = 40;
    private long seed = 7;

    public GradCheck input(String name, HostTensor value) {
        feeds.put(name, value);
        return this;
    }

    /** An input declared with a (possibly symbolic) shape instead of the fed tensor's fixed one. */
    public GradCheck input(String name, HostTensor value, Shape declaredShape) {
        feeds.put(name, value);
        declared.put(name, declaredShape);
        return this;
    }

    /** A differentiated float input. */
    public GradCheck wrt(String name, HostTensor value) {
        input(name, value);
        wrt.add(name);
        return this;
    }

    public GradCheck wrt(String name, HostTensor value, Shape declaredShape) {
        input(name, value, declaredShape);
        wrt.add(name);
        return this;
    }

    public GradCheck tolerance(double eps, double atol, double rtol) {
        this.eps = eps;
        this.atol = atol;
        this.rtol = rtol;
        return this;
    }

    public GradCheck maxElementsPerInput(int n) {
        this.maxPerInput = n;
        return this;
    }

    /** Runs the check; throws AssertionError listing the worst mismatches. */
    public void check(Fn fn) {
        long[] yShape = probeOutputShape(fn);
        HostTensor r = random(yShape, seed + 1, 1f);

        GraphBuilder b = new GraphBuilder();
        Map<String, Value> in = declareInputs(b);
        Value y = fn.build(b, in);
        Value loss = b.sumAll(b.mul(y, b.constant("probe", r)));
        List<Value> targets = new ArrayList<>();
        for (String w : wrt) {
            targets.add(in.get(w));
        }
        Autodiff.Result res = new Autodiff(b).gradients(loss, targets);
        b.output("loss", loss);
        for (String w : wrt) {
            b.output("grad." + w, res.gradients().get(in.get(w)));
        }
        List<String> failures = new ArrayList<>();
        try (OrtRunner ort = new OrtRunner(new OnnxEmitter(b.graph()).emit(), 1)) {
            Map<String, HostTensor> analytic = ort.run(feeds);
            Random pick = new Random(seed);
            for (String w : wrt) {
                HostTensor base = feeds.get(w);
                float[] g = analytic.get("grad." + w).toFloatArray();
                long n = base.numel();
                if (g.length != n) {
                    failures.add("grad." + w + " has " + g.length + " elements, input has " + n);
                    continue;
                }
                int count = (int) Math.min(n, maxPerInput);
                for (int k = 0; k < count; k++) {
                    int idx = n <= maxPerInput ? k : pick.nextInt((int) n);
                    double numeric = centralDifference(ort, w, base, idx);
                    double err = Math.abs(numeric - g[idx]);
                    if (err > atol + rtol * Math.abs(numeric)) {
                        failures.add(String.format("d/d%s[%d]: analytic %.6g, numeric %.6g", w, idx, g[idx], numeric));
                    }
                }
            }
        }
        if (!failures.isEmpty()) {
            throw new AssertionError(failures.size() + " gradient mismatches:\n  "
                    + String.join("\n  ", failures.subList(0, Math.min(10, failures.size()))));
        }
    }

    private double centralDifference(OrtRunner ort, String name, HostTensor base, int idx) {
        HostTensor plus = base.copy();
        HostTensor minus = base.copy();
        float v = base.floatView().get(idx);
        plus.floatView().put(idx, (float) (v + eps));
        minus.floatView().put(idx, (float) (v - eps));
        double lp = lossWith(ort, name, plus);
        double lm = lossWith(ort, name, minus);
        double actualStep = (double) plus.floatView().get(idx) - minus.floatView().get(idx);
        return (lp - lm) / actualStep;
    }

    private double lossWith(OrtRunner ort, String name, HostTensor value) {
        Map<String, HostTensor> f = new LinkedHashMap<>(feeds);
        f.put(name, value);
        return ort.run(f, Set.of("loss")).get("loss").toFloatArray()[0];
    }

    private long[] probeOutputShape(Fn fn) {
        GraphBuilder b = new GraphBuilder();
        Map<String, Value> in = declareInputs(b);
        b.output("y", fn.build(b, in));
        try (OrtRunner ort = new OrtRunner(new OnnxEmitter(b.graph()).emit(), 1)) {
            return ort.run(feeds).get("y").shape();
        }
    }

    private Map<String, Value> declareInputs(GraphBuilder b) {
        Map<String, Value> in = new LinkedHashMap<>();
        for (Map.Entry<String, HostTensor> e : feeds.entrySet()) {
            Shape s = declared.getOrDefault(e.getKey(), Shape.fixed(e.getValue().shape()));
            in.put(e.getKey(), b.input(e.getKey(), e.getValue().dtype(), s));
        }
        return in;
    }

    /** Uniform(-scale, scale) float tensor. */
    public static HostTensor random(long[] shape, long seed, float scale) {
        Random rnd = new Random(seed);
        HostTensor t = HostTensor.allocate(DType.FLOAT, shape);
        var fb = t.floatView();
        for (int i = 0; i < fb.capacity(); i++) {
            fb.put(i, (rnd.nextFloat() * 2 - 1) * scale);
        }
        return t;
    }

    public static HostTensor random(long seed, float scale, long... shape) {
        return random(shape, seed, scale);
    }
}

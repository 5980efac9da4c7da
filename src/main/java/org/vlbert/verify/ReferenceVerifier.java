package org.vlbert.verify;

import ai.onnx.proto.OnnxMl;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.vlbert.cli.VlbertException;
import org.vlbert.config.ConfigLoader;
import org.vlbert.config.Task;
import org.vlbert.config.VlbertConfig;
import org.vlbert.graphs.GraphBuilder;
import org.vlbert.graphs.ir.Param;
import org.vlbert.graphs.ir.Value;
import org.vlbert.graphs.model.Dropout;
import org.vlbert.graphs.model.TaskGraph;
import org.vlbert.graphs.onnx.OnnxEmitter;
import org.vlbert.graphs.tensor.HostTensor;
import org.vlbert.io.NpyFiles;
import org.vlbert.runtime.OrtSessions;
import org.vlbert.runtime.OrtTensors;
import org.vlbert.tasks.CheckpointFiles;
import org.vlbert.tasks.ModelFactory;

/**
 * Runs a reference fixture through our graph: builds the task model from the fixture's config
 * (no dropout; with the loss when the fixture has the labels), loads the checkpoint, feeds the
 * fixture's positional inputs and compares every output, loss term and exposed intermediate
 * with the reference arrays: pass iff |ours − ref| ≤ 1e-4 + 1e-4·|ref| everywhere.
 */
public final class ReferenceVerifier {
    public static final double ATOL = 1e-4;
    public static final double RTOL = 1e-4;

    /** One compared array. */
    public record Comparison(String name, long[] shape, long[] referenceShape, double maxAbs, double maxRel,
                             boolean pass, String note) {}

    /** The verdict for one fixture folder. */
    public record Report(String task, Path dir, Path checkpoint, List<Comparison> comparisons, List<String> notes) {
        public boolean pass() {
            return comparisons.stream().allMatch(Comparison::pass) && !comparisons.isEmpty();
        }
    }

    private ReferenceVerifier() {}

    public static Report verify(Path dir, int threads) {
        ReferenceFixture f = ReferenceFixture.open(dir);
        VlbertConfig cfg = ConfigLoader.load(f.config(), Task.parse(f.task()), List.of());
        TaskGraph model = ModelFactory.create(cfg);
        List<String> notes = new ArrayList<>();

        GraphBuilder b = new GraphBuilder();
        boolean withLoss = hasTrainingInputs(model, f);
        TaskGraph.Result r = model.build(b, Dropout.none(), withLoss);
        if (!withLoss) {
            notes.add("fixture has no labels for the loss; loss outputs not compared");
        }
        Map<String, Value> exposed = new LinkedHashMap<>(r.outputs());
        if (r.loss() != null) {
            exposed.putIfAbsent("loss", r.loss());
        }
        r.lossTerms().forEach(exposed::putIfAbsent);
        r.intermediates().forEach(exposed::putIfAbsent);
        List<String> names = new ArrayList<>();
        exposed.forEach((k, v) -> {
            b.output(k, v);
            names.add(k);
        });

        Path ckpt = f.checkpoints().get(0);
        Map<String, HostTensor> params = loadParams(ckpt, b.graph().params());
        for (Path other : f.checkpoints().subList(1, f.checkpoints().size())) {
            Map<String, HostTensor> o = loadParams(other, b.graph().params());
            notes.add(other.getFileName() + (sameTensors(params, o) ? ": same weights as " : ": DIFFERENT weights from ")
                    + ckpt.getFileName());
        }
        OnnxMl.ModelProto proto = new OnnxEmitter(b.graph()).paramsAsInitializers(params).emit(names);
        Map<String, HostTensor> ours = run(proto, f, threads);

        List<Comparison> comparisons = new ArrayList<>();
        for (String name : names) {
            Path ref = f.references().get(name);
            if (ref == null) {
                continue;
            }
            if (f.illConditioned().contains(name)) {
                notes.add(name + ": not compared (the manifest marks it ill-conditioned)");
                continue;
            }
            comparisons.add(compare(name, ours.get(name), read(ref)));
        }
        for (String refName : f.references().keySet()) {
            if (!exposed.containsKey(refName) && !f.illConditioned().contains(refName)) {
                notes.add(refName + ": reference array not produced by our graph");
            }
        }
        return new Report(f.task(), dir, ckpt, comparisons, notes);
    }

    private static boolean hasTrainingInputs(TaskGraph model, ReferenceFixture f) {
        GraphBuilder probe = new GraphBuilder();
        model.build(probe, Dropout.none(), true);
        return probe.graph().inputs().stream().allMatch(v -> f.inputs().containsKey(v.name()));
    }

    /** The checkpoint's state dict mapped strictly onto the graph's parameters. */
    private static Map<String, HostTensor> loadParams(Path ckpt, Map<String, Param> params) {
        Map<String, long[]> shapes = new LinkedHashMap<>();
        params.forEach((name, p) -> shapes.put(name, p.shape()));
        return CheckpointFiles.loadParams(ckpt, shapes);
    }

    private static boolean sameTensors(Map<String, HostTensor> a, Map<String, HostTensor> b) {
        if (!a.keySet().equals(b.keySet())) {
            return false;
        }
        return a.entrySet().stream().allMatch(e -> e.getValue().buffer().equals(b.get(e.getKey()).buffer()));
    }

    private static Map<String, HostTensor> run(OnnxMl.ModelProto proto, ReferenceFixture f, int threads) {
        try (OrtSession s = OrtSessions.create(proto.toByteArray(), OrtSessions.Settings.cpu(threads))) {
            Map<String, HostTensor> inputs = new LinkedHashMap<>();
            for (String in : s.getInputNames()) {
                Path p = f.inputs().get(in);
                if (p != null) {
                    inputs.put(in, read(p));
                }
            }
            return OrtTensors.run(s, inputs, in -> new VlbertException("the fixture has no input '" + in + "' (has "
                    + f.inputs().keySet() + ")"));
        } catch (OrtException e) {
            throw new VlbertException("ONNX Runtime failed on " + f.dir() + ": " + e.getMessage(), e);
        }
    }

    private static HostTensor read(Path p) {
        try {
            return NpyFiles.readNpy(p);
        } catch (IOException e) {
            throw new VlbertException("cannot read " + p + ": " + e.getMessage(), e);
        }
    }

    static Comparison compare(String name, HostTensor ours, HostTensor ref) {
        long[] os = ours.shape();
        long[] rs = ref.shape();
        if (!java.util.Arrays.equals(os, rs)) {
            return new Comparison(name, os, rs, Double.NaN, Double.NaN, false, "shape differs");
        }
        float[] a = ours.toFloatArrayConverted();
        float[] e = ref.toFloatArrayConverted();
        double maxAbs = 0;
        double maxRel = 0;
        boolean pass = true;
        for (int i = 0; i < a.length; i++) {
            double diff = Math.abs((double) a[i] - e[i]);
            if (Double.isNaN(diff)) {
                diff = Float.isNaN(a[i]) && Float.isNaN(e[i]) ? 0 : Double.POSITIVE_INFINITY;
            }
            maxAbs = Math.max(maxAbs, diff);
            if (e[i] != 0) {
                maxRel = Math.max(maxRel, diff / Math.abs(e[i]));
            }
            pass &= diff <= ATOL + RTOL * Math.abs(e[i]);
        }
        return new Comparison(name, os, rs, maxAbs, maxRel, pass, "");
    }
}

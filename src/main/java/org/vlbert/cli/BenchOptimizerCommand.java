package org.vlbert.cli;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.io.PrintWriter;
import java.nio.FloatBuffer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.vlbert.graphs.GraphBuilder;
import org.vlbert.graphs.ir.Shape;
import org.vlbert.graphs.ir.Value;
import org.vlbert.graphs.onnx.OnnxEmitter;
import org.vlbert.graphs.tensor.DType;
import org.vlbert.graphs.tensor.HostTensor;
import org.vlbert.runtime.OrtSessions;
import org.vlbert.runtime.TensorSlab;
import org.vlbert.train.optim.AdamW;
import org.vlbert.train.optim.Param;
import org.vlbert.train.optim.ParamGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code vlbert bench optimizer}: where should the AdamW update run? Times the Java update over
 * direct buffers (what the trainer uses) against the same update as an ONNX graph in ORT with
 * pinned double-buffered outputs, on one flat parameter of the given size.
 */
@Command(name = "optimizer", mixinStandardHelpOptions = true,
        description = "AdamW step: Java over direct buffers vs an ONNX Runtime graph; last line: ratio onnx/java.")
public final class BenchOptimizerCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = "--params", defaultValue = "115041849", description = "Parameter count (default: VQA base,"
            + " ${DEFAULT-VALUE}).")
    private int count;

    @Option(names = "--steps", defaultValue = "10", description = "Timed steps (default: ${DEFAULT-VALUE}).")
    private int steps;

    @Option(names = "--threads", defaultValue = "2", description = "ORT intra-op threads (default: ${DEFAULT-VALUE}).")
    private int threads;

    @Override
    public Integer call() throws OrtException {
        PrintWriter out = spec.commandLine().getOut();
        out.printf("AdamW over %d float32 parameters, %d steps, %d threads (Java workers: %d)%n", count, steps, threads,
                Runtime.getRuntime().availableProcessors());
        double java = timeJava();
        out.printf("java (direct buffers, in place): %.1f ms per step%n", java);
        double onnx = timeOnnx();
        out.printf("onnx runtime (graph, pinned double buffers): %.1f ms per step%n", onnx);
        out.printf("ratio: %.2f%n", onnx / java);
        return 0;
    }

    private double timeJava() {
        try (TensorSlab p = new TensorSlab(Map.of("w", new long[] {count})); TensorSlab g = p.sameLayout()) {
            fill(g.floats("w"));
            ParamGroup group = new ParamGroup("default", 1e-4, 0.01, List.of(new Param("w", p.floats("w"), g.floats("w"))));
            AdamW opt = new AdamW(List.of(group));
            opt.step();
            long t0 = System.nanoTime();
            for (int i = 0; i < steps; i++) {
                opt.step();
            }
            return (System.nanoTime() - t0) / 1e6 / steps;
        }
    }

    private double timeOnnx() throws OrtException {
        GraphBuilder b = new GraphBuilder();
        Value p = b.input("p", DType.FLOAT, Shape.of("n"));
        Value g = b.input("g", DType.FLOAT, Shape.of("n"));
        Value m = b.input("m", DType.FLOAT, Shape.of("n"));
        Value v = b.input("v", DType.FLOAT, Shape.of("n"));
        Value negStep = b.input("neg_step", DType.FLOAT, Shape.scalar());
        Value keep = b.input("keep", DType.FLOAT, Shape.scalar());
        Value m2 = b.add(b.mul(m, 0.9f), b.mul(g, 0.1f));
        Value v2 = b.add(b.mul(v, 0.999f), b.mul(b.mul(g, g), 0.001f));
        Value p2 = b.add(p, b.mul(b.div(m2, b.add(b.sqrt(v2), 1e-6f)), negStep));
        b.output("p_out", b.mul(p2, keep));
        b.output("m_out", m2);
        b.output("v_out", v2);
        byte[] model = new OnnxEmitter(b.graph()).emit().toByteArray();
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        Map<String, long[]> shapes = new LinkedHashMap<>();
        for (String n : List.of("p", "g", "m", "v", "p2", "m2", "v2")) {
            shapes.put(n, new long[] {count});
        }
        try (TensorSlab s = new TensorSlab(shapes);
             OrtSession session = OrtSessions.create(model, OrtSessions.Settings.cpu(threads));
             OnnxTensor ns = OnnxTensor.createTensor(env, HostTensor.scalar(-1e-4f).floatView(), new long[0]);
             OnnxTensor kp = OnnxTensor.createTensor(env, HostTensor.scalar(0.999999f).floatView(), new long[0])) {
            fill(s.floats("g"));
            String[][] sets = {{"p", "m", "v"}, {"p2", "m2", "v2"}};
            double total = 0;
            for (int i = 0; i <= steps; i++) {
                String[] in = sets[i % 2];
                String[] outNames = sets[(i + 1) % 2];
                Map<String, OnnxTensor> feeds = Map.of("p", s.tensor(in[0]), "g", s.tensor("g"), "m", s.tensor(in[1]),
                        "v", s.tensor(in[2]), "neg_step", ns, "keep", kp);
                Map<String, OnnxValue> pinned = Map.of("p_out", s.tensor(outNames[0]), "m_out", s.tensor(outNames[1]),
                        "v_out", s.tensor(outNames[2]));
                long t0 = System.nanoTime();
                session.run(feeds, pinned).close();
                if (i > 0) {
                    total += (System.nanoTime() - t0) / 1e6;
                }
            }
            return total / steps;
        }
    }

    private static void fill(FloatBuffer f) {
        for (int i = 0; i < f.capacity(); i++) {
            f.put(i, (i % 97) * 1e-3f - 0.05f);
        }
    }
}

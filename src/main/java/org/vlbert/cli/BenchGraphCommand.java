package org.vlbert.cli;

import ai.onnx.proto.OnnxMl;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import org.vlbert.graphs.GraphBuilder;
import org.vlbert.graphs.autodiff.Autodiff;
import org.vlbert.graphs.compile.CompiledTask;
import org.vlbert.graphs.compile.TaskCompiler;
import org.vlbert.graphs.init.ParamInitializer;
import org.vlbert.graphs.ir.Param;
import org.vlbert.graphs.ir.Value;
import org.vlbert.graphs.model.Dropout;
import org.vlbert.graphs.model.toy.TinyTransformerClassifier;
import org.vlbert.graphs.model.vlbert.BertEncoder;
import org.vlbert.graphs.model.vlbert.VlBertDims;
import org.vlbert.graphs.onnx.OnnxEmitter;
import org.vlbert.graphs.tensor.DType;
import org.vlbert.graphs.tensor.HostTensor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code vlbert bench graph}: times one BERT-base layer's forward graph and its forward+backward
 * graph (loss = sum(output * random probe), gradients of every parameter and of the layer input)
 * in ONNX Runtime on the CPU, then times building a full 12-layer BERT-base training graph. The
 * last line is {@code ratio: <fwd+bwd mean / fwd mean>}.
 */
@Command(name = "graph", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Benchmark the generated forward and backward graphs of one BERT-base layer on the CPU.")
public final class BenchGraphCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = "--threads", defaultValue = "2", description = "ORT intra-op threads (default ${DEFAULT-VALUE}).")
    private int threads;

    @Option(names = "--warmup", defaultValue = "3", description = "Untimed runs per graph (default ${DEFAULT-VALUE}).")
    private int warmup;

    @Option(names = "--iters", defaultValue = "10", description = "Timed runs per graph (default ${DEFAULT-VALUE}).")
    private int iters;

    @Option(names = "--batch", defaultValue = "8", description = "Batch size B (default ${DEFAULT-VALUE}).")
    private long batch;

    @Option(names = "--seq", defaultValue = "58", description = "Sequence length S (default ${DEFAULT-VALUE}).")
    private long seq;

    @Option(names = "--profile", paramLabel = "PREFIX",
            description = "Write ORT profiles (JSON) of both sessions with this file prefix.")
    private Path profilePrefix;

    private static final OrtEnvironment ENV = OrtEnvironment.getEnvironment();
    private static final TinyTransformerClassifier.Config BERT_BASE = TinyTransformerClassifier.Config.bertBase();

    @Override
    public Integer call() throws OrtException {
        if (threads < 1 || iters < 1 || warmup < 0 || batch < 1 || seq < 1) {
            throw new ParameterException(spec.commandLine(),
                    "--threads, --iters, --batch and --seq must be >= 1 and --warmup >= 0");
        }
        PrintWriter o = spec.commandLine().getOut();
        VlBertDims cfg = BERT_BASE.encoderDims();
        o.printf("BERT-base layer: B=%d S=%d H=%d heads=%d FF=%d, ORT %s CPU, %d threads, %d warm-up + %d timed runs%n",
                batch, seq, cfg.hiddenSize(), cfg.numAttentionHeads(), cfg.intermediateSize(), ENV.getVersion(),
                threads, warmup, iters);
        o.flush();

        // Built first, in a cold JVM, as a user's first `train` would build it.
        BuildTiming build = buildFullTrainingGraph();
        LayerGraphs graphs = layerGraphs(cfg);
        Map<String, HostTensor> feeds = feeds(graphs, cfg);
        Timing fwd = time(graphs.forward(), feeds, "forward");
        o.printf("forward:          mean %8.2f ms  min %8.2f ms  (%d nodes)%n", fwd.meanMs(), fwd.minMs(),
                graphs.forward().getGraph().getNodeCount());
        o.flush();
        Timing both = time(graphs.forwardBackward(), feeds, "forward_backward");
        o.printf("forward+backward: mean %8.2f ms  min %8.2f ms  (%d nodes, gradients of %d parameters and the input)%n",
                both.meanMs(), both.minMs(), graphs.forwardBackward().getGraph().getNodeCount(), graphs.paramCount());
        o.flush();

        o.printf("12-layer BERT-base training graph (vocab 30522, classifier head): compiled in %.2f s"
                        + " (GraphBuilder + Autodiff + ONNX emit of train_step, eval, dims), train_step %,d nodes;"
                        + " again in %.2f s%n",
                build.firstSeconds(), build.nodes(), build.secondSeconds());
        o.printf("ratio: %.3f%n", both.meanMs() / fwd.meanMs());
        o.flush();
        return Main.EXIT_OK;
    }

    /** The two emitted layer graphs and their parameters. */
    private record LayerGraphs(OnnxMl.ModelProto forward, OnnxMl.ModelProto forwardBackward, List<Param> params) {
        int paramCount() {
            return params.size();
        }
    }

    private record Timing(double meanMs, double minMs) {}

    private record BuildTiming(double firstSeconds, double secondSeconds, int nodes) {}

    /** encoder.layer.0 of BERT-base on hidden [batch, seq_len, 768] with a 0/1 key mask, no dropout. */
    private static LayerGraphs layerGraphs(VlBertDims cfg) {
        GraphBuilder fb = new GraphBuilder();
        Value out = layer(fb, cfg);
        fb.output("output", out);
        OnnxMl.ModelProto forward = new OnnxEmitter(fb.graph()).emit();

        GraphBuilder bb = new GraphBuilder();
        Value y = layer(bb, cfg);
        Value probe = bb.input("probe", y.dtype(), y.shape());
        Value loss = bb.sumAll(bb.mul(y, probe));
        List<Value> wrt = new ArrayList<>();
        bb.graph().params().values().forEach(p -> wrt.add(p.value()));
        Value hidden = bb.graph().inputs().get(0);
        wrt.add(hidden);
        Autodiff.Result grads = new Autodiff(bb).gradients(loss, wrt);
        bb.output("loss", loss);
        for (Value w : wrt) {
            bb.output(CompiledTask.gradName(w.name()), grads.gradients().get(w));
        }
        OnnxMl.ModelProto backward = new OnnxEmitter(bb.graph()).emit();
        return new LayerGraphs(forward, backward, new ArrayList<>(bb.graph().params().values()));
    }

    private static Value layer(GraphBuilder b, VlBertDims cfg) {
        VlBertDims oneLayer = new VlBertDims(cfg.vocabSize(), cfg.hiddenSize(), cfg.visualSize(), 1,
                cfg.numAttentionHeads(), cfg.intermediateSize(), 0f, 0f, cfg.maxPositionEmbeddings(),
                cfg.typeVocabSize(), cfg.initializerRange(), false, 0, 0, false, -1, cfg.clsId(), cfg.sepId(),
                cfg.maskId());
        Value h = b.input("hidden", DType.FLOAT, "batch", "seq_len", cfg.hiddenSize());
        Value mask = b.input("attention_mask", DType.INT64, "batch", "seq_len");
        Value additive = b.unsqueeze(b.mul(b.sub(b.scalar(1f), b.cast(mask, DType.FLOAT)), -10000f), 1, 2);
        return BertEncoder.encode(b, oneLayer, Dropout.none(), h, additive)[0];
    }

    /** BERT-init weights, uniform(-1, 1) hidden states and probe, the last 8 keys of odd samples padded. */
    private Map<String, HostTensor> feeds(LayerGraphs graphs, VlBertDims cfg) {
        Map<String, HostTensor> f = new LinkedHashMap<>(new ParamInitializer(1).initializeAll(graphs.params()));
        long[] hShape = {batch, seq, cfg.hiddenSize()};
        f.put("hidden", uniform(hShape, 2));
        f.put("probe", uniform(hShape, 3));
        long[] mask = new long[(int) (batch * seq)];
        for (int s = 0; s < batch; s++) {
            for (int i = 0; i < seq; i++) {
                mask[(int) (s * seq + i)] = s % 2 == 1 && i >= seq - 8 ? 0 : 1;
            }
        }
        f.put("attention_mask", HostTensor.ofLongs(new long[] {batch, seq}, mask));
        return f;
    }

    private static HostTensor uniform(long[] shape, long seed) {
        HostTensor t = HostTensor.allocate(DType.FLOAT, shape);
        Random r = new Random(seed);
        var fb = t.floatView();
        for (int i = 0; i < fb.capacity(); i++) {
            fb.put(i, r.nextFloat() * 2 - 1);
        }
        return t;
    }

    private Timing time(OnnxMl.ModelProto model, Map<String, HostTensor> values, String name) throws OrtException {
        try (OrtSession.SessionOptions opts = new OrtSession.SessionOptions()) {
            opts.setIntraOpNumThreads(threads);
            opts.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            if (profilePrefix != null) {
                opts.enableProfiling(profilePrefix + "_" + name);
            }
            List<OnnxTensor> created = new ArrayList<>();
            try (OrtSession session = ENV.createSession(model.toByteArray(), opts)) {
                Map<String, OnnxTensor> in = new LinkedHashMap<>();
                for (String input : session.getInputNames()) {
                    OnnxTensor t = tensor(values.get(input));
                    created.add(t);
                    in.put(input, t);
                }
                for (int i = 0; i < warmup; i++) {
                    session.run(in).close();
                }
                double total = 0;
                double min = Double.MAX_VALUE;
                for (int i = 0; i < iters; i++) {
                    long t0 = System.nanoTime();
                    session.run(in).close();
                    double ms = (System.nanoTime() - t0) / 1e6;
                    total += ms;
                    min = Math.min(min, ms);
                }
                if (profilePrefix != null) {
                    spec.commandLine().getOut().printf("profile: %s%n", session.endProfiling());
                }
                return new Timing(total / iters, min);
            } finally {
                created.forEach(OnnxTensor::close);
            }
        }
    }

    private static OnnxTensor tensor(HostTensor t) throws OrtException {
        ByteBuffer buf = t.buffer();
        return switch (t.dtype()) {
            case FLOAT -> OnnxTensor.createTensor(ENV, buf.asFloatBuffer(), t.shape());
            case INT64 -> OnnxTensor.createTensor(ENV, buf.asLongBuffer(), t.shape());
            default -> throw new IllegalArgumentException("unexpected feed type " + t.dtype());
        };
    }

    /**
     * Compiles the 12-layer BERT-base classifier twice (cold JVM, then warm): the train step
     * (forward with dropout masks, Autodiff, emit), the eval graph and the dims graph.
     */
    private static BuildTiming buildFullTrainingGraph() {
        TinyTransformerClassifier bertBase = new TinyTransformerClassifier(BERT_BASE);
        long t0 = System.nanoTime();
        CompiledTask first = new TaskCompiler().compile(bertBase);
        double firstSeconds = (System.nanoTime() - t0) / 1e9;
        long t1 = System.nanoTime();
        new TaskCompiler().compile(bertBase);
        double secondSeconds = (System.nanoTime() - t1) / 1e9;
        return new BuildTiming(firstSeconds, secondSeconds, first.trainStep().getGraph().getNodeCount());
    }
}

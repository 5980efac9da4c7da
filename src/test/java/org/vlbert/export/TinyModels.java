package org.vlbert.export;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.vlbert.config.ConfigLoader;
import org.vlbert.config.VlbertConfig;
import org.vlbert.data.demo.DemoVqaGenerator;
import org.vlbert.graphs.GraphBuilder;
import org.vlbert.graphs.init.ParamInitializer;
import org.vlbert.graphs.model.Dropout;
import org.vlbert.graphs.model.TaskGraph;
import org.vlbert.graphs.tensor.HostTensor;
import org.vlbert.io.Safetensors;
import org.vlbert.tasks.ModelFactory;
import org.vlbert.testutil.CliRun;
import org.vlbert.testutil.RepoRoot;

/**
 * Tiny models for export tests: demo data (regions.arrow, vocab.txt, answers.txt) in a folder,
 * the shipped demo configs pointed at it, and checkpoints with seeded random weights.
 */
final class TinyModels {
    private TinyModels() {}

    /** Writes a small demo dataset (8 images, 4 regions each) into {@code dir}. */
    static Path demoData(Path dir) {
        DemoVqaGenerator.generate(dir, new DemoVqaGenerator.Settings(8, 4, 4, 2048, 3));
        return dir;
    }

    /** The VQA or RefCOCO+ demo config ("vqa" or "refcoco") reading its vocabulary and answers from {@code data}. */
    static Path config(String task) {
        return RepoRoot.cfgs().resolve(task).resolve("demo_tiny.yaml");
    }

    static List<String> overrides(Path data) {
        return List.of("NETWORK.BERT_MODEL_NAME=" + data, "DATASET.ANSWER_VOCAB_FILE=" + data.resolve("answers.txt"),
                "DATASET.DATASET_PATH=" + data);
    }

    static VlbertConfig load(String task, Path data) {
        return load(task, data, List.of());
    }

    /** As {@link #load(String, Path)} with further overrides. */
    static VlbertConfig load(String task, Path data, List<String> extra) {
        return ConfigLoader.load(config(task), null, overrides(task, data, extra));
    }

    private static List<String> overrides(String task, Path data, List<String> extra) {
        List<String> o = new java.util.ArrayList<>(task.equals("vqa") ? overrides(data)
                : List.of("NETWORK.BERT_MODEL_NAME=" + data));
        o.addAll(extra);
        return o;
    }

    /** The --set arguments matching {@link #load}. */
    static String[] setArgs(String task, Path data) {
        return setArgs(task, data, List.of());
    }

    static String[] setArgs(String task, Path data, List<String> extra) {
        return overrides(task, data, extra).stream().flatMap(s -> java.util.stream.Stream.of("--set", s))
                .toArray(String[]::new);
    }

    /** Seeded random values of every parameter of the model's training form. */
    static Map<String, HostTensor> randomParams(VlbertConfig cfg, long seed) {
        TaskGraph g = ModelFactory.create(cfg);
        GraphBuilder b = new GraphBuilder();
        g.build(b, Dropout.none(), true);
        return new ParamInitializer(seed).initializeAll(b.graph().params().values());
    }

    /** A .safetensors checkpoint of random weights for {@code cfg}. */
    static Path checkpoint(VlbertConfig cfg, Path file, long seed) throws IOException {
        Safetensors.write(file, randomParams(cfg, seed), Map.of());
        return file;
    }

    /** Runs the CLI in-process: {exit code, stdout, stderr}. */
    static String[] cli(String... args) {
        CliRun r = CliRun.vlbert(args);
        return new String[] {Integer.toString(r.exit()), r.out(), r.err()};
    }

    static String[] concat(String[] a, String... b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}

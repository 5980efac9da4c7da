package org.vlbert.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vlbert.config.ConfigLoader;
import org.vlbert.graphs.artifacts.ArtifactInfo;
import org.vlbert.graphs.artifacts.ArtifactReader;
import org.vlbert.testutil.RepoRoot;
import picocli.CommandLine;

class GraphsCommandTest {
    @TempDir
    Path dir;

    record Run(int exit, String out, String err) {}

    /** Runs {@code command} as the CLI would: same error handling and exit codes as Main. */
    static Run run(Object command, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        ErrorReporting errors = new ErrorReporting();
        int exit = new CommandLine(command)
                .setOut(new PrintWriter(out, true))
                .setErr(new PrintWriter(err, true))
                .setExecutionExceptionHandler(errors)
                .setParameterExceptionHandler(errors)
                .execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    private static Run graphs(String... args) {
        return run(new GraphsCommand(), args);
    }

    @Test
    void buildWritesTheToyArtifactsAndDescribeReadsThem() throws Exception {
        Run build = graphs("build", "--task", "toy-classifier", "--out", dir.toString());
        assertEquals(0, build.exit(), build.err());
        assertTrue(build.out().contains("parameters: 19,298 in 40 tensors"), build.out());
        assertTrue(build.out().contains("8 dropout mask inputs"), build.out());
        for (String f : new String[] {"train_step.onnx", "eval.onnx", "infer.onnx"}) {
            assertTrue(Files.isRegularFile(dir.resolve(f)), f);
            assertTrue(build.out().contains(f), build.out());
        }

        Run text = graphs("describe", dir.resolve("infer.onnx").toString());
        assertEquals(0, text.exit(), text.err());
        String out = text.out();
        assertTrue(out.contains("artifact: infer of task toy-classifier, config hash "), out);
        assertTrue(out.contains("inputs (2):"), out);
        assertTrue(out.matches("(?s).*input_ids\\s+int64\\s+\\[batch, seq_len\\]\\s+batch.*"), out);
        assertTrue(out.matches("(?s).*outputs \\(1\\):\\s+logits\\s+float32\\s+\\[batch, 2\\]\\s+output.*"), out);
        assertTrue(out.contains("parameters: 19,298 in 40 tensors"), out);
        assertTrue(out.contains("metadata keys: vlbert.producer, vlbert.version, vlbert.format, vlbert.config_hash,"
                + " vlbert.kind, vlbert.task, vlbert.inputs, vlbert.outputs, vlbert.params, vlbert.unused_params,"
                + " vlbert.dropout_sites, vlbert.dims"), out);
        // The histogram is sorted by count, most frequent first.
        String[] histogram = out.substring(out.indexOf("op histogram:\n") + 14, out.indexOf("metadata keys"))
                .strip().split("\n");
        int previous = Integer.MAX_VALUE;
        for (String line : histogram) {
            int count = Integer.parseInt(line.strip().replaceAll(".*\\s", "").replace(",", ""));
            assertTrue(count <= previous, out);
            previous = count;
        }

        Run json = graphs("describe", "--json", dir.resolve("train_step.onnx").toString());
        assertEquals(0, json.exit(), json.err());
        JsonNode root = new ObjectMapper().readTree(json.out());
        assertEquals(19_298, root.get("parameter_count").asLong());
        assertEquals("train_step", root.get("metadata").get("vlbert.kind").asText());
        assertEquals(8, root.get("metadata").get("vlbert.dropout_sites").size());
        assertEquals("batch", root.get("inputs").get(0).get("shape").get(0).asText());
        assertEquals(42, root.get("outputs").size());   // loss, logits, 40 gradients
        int total = 0;
        for (JsonNode n : root.get("op_histogram")) {
            total += n.asInt();
        }
        assertEquals(root.get("node_count").asInt(), total);
    }

    @Test
    void buildReadsAVlBertConfig() throws Exception {
        Path cfg = RepoRoot.cfgs().resolve("vqa/demo_tiny.yaml");
        Run build = graphs("build", "--cfg", cfg.toString(), "--set", "NETWORK.VLBERT.num_hidden_layers=1",
                "--out", dir.toString());
        assertEquals(0, build.exit(), build.err());
        assertTrue(build.out().startsWith("task vqa from " + cfg), build.out());
        String hash = ConfigLoader.load(cfg, null, java.util.List.of("NETWORK.VLBERT.num_hidden_layers=1")).hash();
        assertTrue(build.out().contains("config hash " + hash), build.out());
        ArtifactInfo train = ArtifactReader.describe(dir.resolve("train_step.onnx"));
        assertEquals("vqa", train.metadata().get("vlbert.task"));
        assertEquals(hash, train.metadata().get("vlbert.config_hash"));
        assertFalse(train.dropoutSites().isEmpty());
        assertTrue(train.inputs().stream().anyMatch(i -> i.name().startsWith("vlbert.encoder.layer.0.")
                && i.role().equals("param")), train.inputs().toString());
        ArtifactInfo infer = ArtifactReader.describe(dir.resolve("infer.onnx"));
        assertTrue(infer.inputs().stream().noneMatch(i -> i.role().equals("param") || i.name().equals("label")),
                infer.inputs().toString());
        assertEquals(train.parameterCount(), infer.parameterCount(), "infer.onnx embeds every forward parameter");
        // The packed VL length is data-dependent: dims.onnx computes it for the mask shapes.
        ArtifactInfo dims = ArtifactReader.describe(dir.resolve("dims.onnx"));
        assertEquals("dims", dims.metadata().get("vlbert.kind"));
        assertTrue(dims.outputs().stream().allMatch(o -> o.name().startsWith("dim.") && o.role().equals("dim")),
                dims.outputs().toString());
        assertTrue(train.metadata().get("vlbert.dims").length() > 2, train.metadata().get("vlbert.dims"));
    }

    @Test
    void userErrorsAreOneLineMessages() throws Exception {
        Run withCfg = graphs("build", "--task", "toy-classifier", "--cfg", "x.yaml", "--out", dir.toString());
        assertEquals(Main.EXIT_USAGE, withCfg.exit());
        assertTrue(withCfg.err().startsWith("error: --task toy-classifier has built-in sizes and reads no config:"
                + " omit --cfg and --set"), withCfg.err());

        Run noCfg = graphs("build", "--task", "vqa", "--out", dir.toString());
        assertEquals(Main.EXIT_USAGE, noCfg.exit());
        assertTrue(noCfg.err().startsWith("error: missing --cfg FILE"), noCfg.err());

        Run badTask = graphs("build", "--task", "nope", "--cfg", "x.yaml", "--out", dir.toString());
        assertEquals(Main.EXIT_USAGE, badTask.exit());
        assertTrue(badTask.err().startsWith("error: unknown task 'nope', expected one of pretrain, vqa, vcr, refcoco"
                + " or toy-classifier"), badTask.err());

        Run missingCfg = graphs("build", "--cfg", dir.resolve("none.yaml").toString(), "--out", dir.toString());
        assertEquals(Main.EXIT_RUNTIME_ERROR, missingCfg.exit());
        assertEquals("error: " + dir.resolve("none.yaml") + ": file not found", missingCfg.err().strip());

        Path notOnnx = Files.writeString(dir.resolve("notes.onnx"), "hello, not a protobuf");
        Run bad = graphs("describe", notOnnx.toString());
        assertEquals(Main.EXIT_RUNTIME_ERROR, bad.exit());
        assertTrue(bad.err().startsWith("error: " + notOnnx + " is not an ONNX model"), bad.err());
        assertFalse(bad.err().contains("\tat "), bad.err());

        Run missing = graphs("describe", dir.resolve("missing.onnx").toString());
        assertEquals(Main.EXIT_RUNTIME_ERROR, missing.exit());
        assertEquals("error: no such file: " + dir.resolve("missing.onnx"), missing.err().strip());
    }
}

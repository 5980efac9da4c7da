package org.vlbert.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class GraphsCommandTest {
    @TempDir
    Path dir;

    private record Run(int exit, String out, String err) {}

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = new CommandLine(new GraphsCommand())
                .setOut(new PrintWriter(out, true))
                .setErr(new PrintWriter(err, true))
                .execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void buildWritesTheThreeArtifactsAndDescribeReadsThem() throws Exception {
        Run build = run("build", "--task", "toy-classifier", "--out", dir.toString());
        assertEquals(0, build.exit(), build.err());
        assertTrue(build.out().contains("parameters: 19,298 in 40 tensors"), build.out());
        assertTrue(build.out().contains("8 dropout mask inputs"), build.out());
        for (String f : new String[] {"train_step.onnx", "eval.onnx", "infer.onnx"}) {
            assertTrue(Files.isRegularFile(dir.resolve(f)), f);
            assertTrue(build.out().contains(f), build.out());
        }

        Run text = run("describe", dir.resolve("infer.onnx").toString());
        assertEquals(0, text.exit(), text.err());
        String out = text.out();
        assertTrue(out.contains("artifact: infer of task toy-classifier, config hash "), out);
        assertTrue(out.contains("inputs (2):"), out);
        assertTrue(out.matches("(?s).*input_ids\\s+int64\\s+\\[batch, seq_len\\]\\s+batch.*"), out);
        assertTrue(out.matches("(?s).*outputs \\(1\\):\\s+logits\\s+float32\\s+\\[batch, 2\\]\\s+output.*"), out);
        assertTrue(out.contains("parameters: 19,298 in 40 tensors"), out);
        assertTrue(out.contains("metadata keys: vlbert.producer, vlbert.version, vlbert.format, vlbert.config_hash,"
                + " vlbert.kind, vlbert.task, vlbert.inputs, vlbert.outputs, vlbert.params, vlbert.unused_params,"
                + " vlbert.dropout_sites"), out);
        // The histogram is sorted by count: the first entry is the most frequent op.
        String firstOp = out.substring(out.indexOf("op histogram:\n") + 14).lines().findFirst().orElseThrow();
        assertTrue(firstOp.trim().startsWith("Reshape") || firstOp.trim().startsWith("Gemm"), firstOp);

        Run json = run("describe", "--json", dir.resolve("train_step.onnx").toString());
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
    void userErrorsAreOneLineMessages() throws Exception {
        Run unknown = run("build", "--task", "nope", "--out", dir.toString());
        assertEquals(1, unknown.exit());
        assertEquals("error: unknown task 'nope'; known tasks: toy-classifier", unknown.err().strip());

        Run withCfg = run("build", "--task", "toy-classifier", "--cfg", "x.yaml", "--out", dir.toString());
        assertEquals(1, withCfg.exit());
        assertTrue(withCfg.err().contains("reads no config file; omit --cfg x.yaml"), withCfg.err());

        Path notOnnx = Files.writeString(dir.resolve("notes.onnx"), "hello, not a protobuf");
        Run bad = run("describe", notOnnx.toString());
        assertEquals(1, bad.exit());
        assertTrue(bad.err().startsWith("error: " + notOnnx + " is not an ONNX model"), bad.err());

        Run missing = run("describe", dir.resolve("missing.onnx").toString());
        assertEquals(1, missing.exit());
        assertEquals("error: no such file: " + dir.resolve("missing.onnx"), missing.err().strip());
    }
}

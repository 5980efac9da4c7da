package org.vlbert.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.vlbert.testutil.CliRun.vlbert;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vlbert.data.demo.DemoVqaGenerator;
import org.vlbert.data.vqa.VqaSamples;
import org.vlbert.testutil.CliRun;
import org.vlbert.testutil.RepoRoot;
import picocli.CommandLine;

/**
 * The VQA val/test flow on the demo data, in process: one epoch of the tiny config, then
 * {@code vlbert test} (EvalAI JSON of the test split), the test split exported as VQA json and
 * scored by {@code eval-vqa}, and {@code vlbert val} whose SoftAcc must equal the trainer's own
 * validation (the inference graph computes what the eval graph computed) and whose official
 * accuracy equals it on this data (10 identical answers per question, all in the vocabulary).
 */
class ValTestCommandsTest {
    @TempDir
    static Path work;
    static Path data;
    static Path run;
    static String cfg;
    static double trainerSoftAcc;

    /** The tiny VQA config with its data paths pointing at the temporary demo data. */
    static String[] withConfig(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--cfg", cfg, "--set", "DATASET.DATASET_PATH=" + data, "--set", "DATASET.ROOT_PATH=" + data,
                "--set", "DATASET.ANSWER_VOCAB_FILE=" + data.resolve("answers.txt"),
                "--set", "NETWORK.BERT_MODEL_NAME=" + data, "--threads", "2"));
        return all.toArray(String[]::new);
    }

    @BeforeAll
    static void trainOneEpoch() {
        data = work.resolve("demo-data");
        run = work.resolve("run");
        cfg = RepoRoot.cfgs().resolve("vqa/demo_tiny.yaml").toString();
        DemoVqaGenerator.generate(data, new DemoVqaGenerator.Settings(60, 240, 3, 2048, 1));
        List<String> train = new ArrayList<>(List.of(withConfig("train", "--out", run.toString(),
                "--set", "TRAIN.END_EPOCH=1")));
        train.remove("--threads");
        train.remove("2");
        CliRun r = vlbert(train.toArray(String[]::new));
        assertEquals(0, r.exit(), r.out() + r.err());
        Matcher m = Pattern.compile("Val-SoftAcc=([0-9.]+)").matcher(r.out());
        assertTrue(m.find(), r.out());
        trainerSoftAcc = Double.parseDouble(m.group(1));
    }

    private static List<Long> questionIds(String split) {
        try (VqaSamples s = VqaSamples.open(data.resolve("vqa_" + split + ".arrow"))) {
            List<Long> ids = new ArrayList<>();
            for (int i = 0; i < s.size(); i++) {
                ids.add(s.questionId(i));
            }
            return ids;
        }
    }

    @Test
    void testWritesTheEvalAiFileOfTheTestSplitFromTheInferenceGraph() throws Exception {
        Path results = work.resolve("test-results");
        CliRun r = vlbert(withConfig("test", "--ckpt", run.toString(), "--result-path", results.toString()));
        assertEquals(0, r.exit(), r.out() + r.err());
        Path file = results.resolve("demo_tiny_vqa2_test.json");
        assertEquals("result json saved to " + file + ".\n", r.out());
        assertTrue(Files.isRegularFile(results.resolve("graphs/vqa/infer.onnx")), "the evaluated graph is kept");

        String text = Files.readString(file);
        assertTrue(text.startsWith("[{\"question_id\": ") && !text.endsWith("\n"), text);
        JsonNode entries = new ObjectMapper().readTree(text);
        Set<String> vocabulary = new HashSet<>(Files.readAllLines(data.resolve("answers.txt")));
        List<Long> ids = new ArrayList<>();
        for (JsonNode e : entries) {
            assertEquals(2, e.size(), e.toString());
            ids.add(e.get("question_id").asLong());
            assertTrue(vocabulary.contains(e.get("answer").asText()), e.toString());
        }
        assertEquals(questionIds("test"), ids, "every test question once, in question order");

        // the test split as VQA json, scored by the official evaluation
        CliRun export = vlbert("data", "export-vqa-json", "--samples", data.resolve("vqa_test.arrow").toString(),
                "--out", work.resolve("json").toString());
        assertEquals(0, export.exit(), export.err());
        ByteArrayOutputStream json = new ByteArrayOutputStream();
        CommandLine eval = new CommandLine(new EvalVqaCommand(new PrintStream(json, true, StandardCharsets.UTF_8)));
        StringWriter evalErr = new StringWriter();
        eval.setErr(new PrintWriter(evalErr, true));
        int exit = eval.execute("--questions", work.resolve("json/vqa_test_questions.json").toString(),
                "--annotations", work.resolve("json/vqa_test_annotations.json").toString(), "--results", file.toString());
        assertEquals(0, exit, evalErr.toString());
        double overall = new ObjectMapper().readTree(json.toString(StandardCharsets.UTF_8)).get("accuracy")
                .get("overall").asDouble();
        assertTrue(overall >= 0 && overall <= 100, json.toString(StandardCharsets.UTF_8));
    }

    @Test
    void valReproducesTheTrainersSoftAccAndScoresOfficially() throws Exception {
        CliRun export = vlbert("data", "export-vqa-json", "--samples", data.resolve("vqa_val.arrow").toString(),
                "--out", work.resolve("val-json").toString());
        assertEquals(0, export.exit(), export.err());
        Path kept = work.resolve("val-results");
        CliRun r = vlbert(withConfig("val", "--ckpt", run.resolve("checkpoints/vl-bert_tiny_vqa-0000").toString(),
                "--questions", work.resolve("val-json/vqa_val_questions.json").toString(),
                "--annotations", work.resolve("val-json/vqa_val_annotations.json").toString(),
                "--result-path", kept.toString()));
        assertEquals(0, r.exit(), r.out() + r.err());
        Matcher soft = Pattern.compile("(?m)^SoftAcc\t(\\S+)$").matcher(r.out());
        assertTrue(soft.find(), r.out());
        double softAcc = Double.parseDouble(soft.group(1));
        assertEquals(trainerSoftAcc, softAcc, 1e-6, "val through infer.onnx == the trainer's eval graph");
        Matcher official = Pattern.compile("(?m)^Accuracy\t(\\S+)$").matcher(r.out());
        assertTrue(official.find(), r.out());
        assertEquals(Math.round(softAcc * 10000) / 100.0, Double.parseDouble(official.group(1)), 1e-9, r.out());
        assertTrue(r.out().contains("Accuracy/yes/no\t"), r.out());
        assertTrue(Files.isRegularFile(kept.resolve("demo_tiny_vqa2_val.json")));
        assertTrue(Files.isRegularFile(kept.resolve("demo_tiny_vqa2_val_eval.json")));
    }

    @Test
    void errorsNameTheProblem() {
        CliRun missing = vlbert(withConfig("test", "--ckpt", work.resolve("nope").toString(), "--result-path",
                work.resolve("x").toString()));
        assertEquals(1, missing.exit());
        assertTrue(missing.err().startsWith("error: checkpoint ") && missing.err().contains("does not exist"), missing.err());

        List<String> other = new ArrayList<>(List.of(withConfig("test", "--ckpt", run.toString(), "--result-path",
                work.resolve("y").toString())));
        other.addAll(List.of("--set", "NETWORK.VLBERT.intermediate_size=96"));
        CliRun mismatch = vlbert(other.toArray(String[]::new));
        assertEquals(1, mismatch.exit());
        assertTrue(mismatch.err().contains("does not fit the model built from the config"), mismatch.err());
        assertFalse(mismatch.err().contains("\tat "), "no stack trace: " + mismatch.err());

        CliRun usage = vlbert("test", "--cfg", cfg, "--ckpt", run.toString());
        assertEquals(2, usage.exit(), usage.err());
        assertTrue(usage.err().contains("--result-path"), usage.err());
        CliRun mixed = vlbert(withConfig("val", "--ckpt", run.toString(), "--a-cfg", cfg));
        assertEquals(2, mixed.exit(), mixed.err());
        for (String command : List.of("val", "test")) {
            CliRun notVcr = vlbert(command, "--a-cfg", cfg, "--a-ckpt", run.toString(), "--r-cfg", cfg, "--r-ckpt",
                    run.toString(), "--result-path", work.resolve("z").toString());
            assertEquals(1, notVcr.exit(), notVcr.err());
            assertEquals("error: " + cfg + " is a vqa config; --a-cfg and --r-cfg are VCR configs\n",
                    notVcr.err().replace("\r", ""), command);
        }
    }
}

package org.vlbert.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.vlbert.testutil.CliRun.vlbert;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vlbert.data.demo.DemoData;
import org.vlbert.data.vcr.VcrItems;
import org.vlbert.testutil.CliRun;
import org.vlbert.testutil.RepoRoot;

/**
 * {@code vlbert test} and {@code vlbert val} for VCR on the demo data, in process: one epoch of
 * the tiny config as Q→A and as QA→R, then the per-task and leaderboard CSVs of the test file
 * (no labels; QA→R runs once per answer choice) and the val accuracies.
 */
class VcrTestValCommandsTest {
    @TempDir
    static Path work;
    static Path data;
    static Path answerRun;
    static Path rationaleRun;
    static String cfg;
    static double trainerAnswerAcc;

    /** The data paths of the tiny VCR config pointed at the temporary demo data. */
    static List<String> dataPaths() {
        return List.of("--set", "DATASET.DATASET_PATH=" + data, "--set", "DATASET.ROOT_PATH=" + data,
                "--set", "NETWORK.BERT_MODEL_NAME=" + data);
    }

    static String[] args(List<String> head) {
        List<String> all = new ArrayList<>(head);
        all.addAll(dataPaths());
        return all.toArray(String[]::new);
    }

    static CliRun train(Path out, String task) {
        CliRun r = vlbert(args(List.of("train", "--cfg", cfg, "--out", out.toString(), "--set", "TRAIN.END_EPOCH=1",
                "--set", "DATASET.TASK=" + task)));
        assertEquals(0, r.exit(), r.out() + r.err());
        return r;
    }

    @BeforeAll
    static void trainBothModelsOneEpoch() {
        data = work.resolve("demo-data");
        cfg = RepoRoot.cfgs().resolve("vcr/demo_tiny.yaml").toString();
        DemoData.generate(data, new DemoData.Settings(12, 8, 24, 3, 2048, 3), EnumSet.of(DemoData.Task.VCR));
        answerRun = work.resolve("q2a");
        rationaleRun = work.resolve("qa2r");
        CliRun a = train(answerRun, "Q2A");
        Matcher m = Pattern.compile("Val-Acc=([0-9.]+)").matcher(a.out());
        assertTrue(m.find(), a.out());
        trainerAnswerAcc = Double.parseDouble(m.group(1));
        train(rationaleRun, "QA2R");
    }

    private static List<String> annotIds(String split) {
        try (VcrItems items = VcrItems.open(data.resolve("vcr_" + split + ".arrow"))) {
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < items.size(); i++) {
                ids.add(items.get(i).annotId());
            }
            return ids;
        }
    }

    /** The CSV's rows after the header: the first column per row, and every probability group summing to 1. */
    private static List<String> checkRows(List<String> lines, int columns) {
        List<String> ids = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] cells = line.split(",");
            assertEquals(columns, cells.length, line);
            ids.add(cells[0]);
            for (int g = 1; g < columns; g += 4) {
                double sum = 0;
                for (int k = g; k < g + 4; k++) {
                    double p = Double.parseDouble(cells[k]);
                    assertTrue(p >= 0 && p <= 1, line);
                    sum += p;
                }
                assertEquals(1.0, sum, 1e-5, line);
            }
        }
        return ids;
    }

    private static String rationaleHeader() {
        StringBuilder h = new StringBuilder();
        for (int a = 0; a < 4; a++) {
            for (int r = 0; r < 4; r++) {
                h.append(",rationale_conditioned_on_a").append(a).append('_').append(r);
            }
        }
        return h.toString();
    }

    @Test
    void testWritesTheTaskFilesAndTheLeaderboardFileOfTheUnlabelledTestFile() throws Exception {
        Path results = work.resolve("results");
        CliRun r = vlbert(args(List.of("test", "--a-cfg", cfg, "--a-ckpt", answerRun.toString(), "--r-cfg", cfg,
                "--r-ckpt", rationaleRun.toString(), "--result-path", results.toString(), "--result-name", "demo")));
        assertEquals(0, r.exit(), r.out() + r.err());
        Path q2a = results.resolve("demo_test_result_Q2A.csv");
        Path qa2r = results.resolve("demo_test_result_QA2R.csv");
        Path merged = results.resolve("demo_test_result_Q2AR.csv");
        assertEquals("result csv saved to " + q2a + ".\nresult csv saved to " + qa2r + ".\nmerged result csv saved to "
                + merged + ".\n", r.out());
        List<String> ids = annotIds("test");
        assertTrue(ids.size() >= 2, "the demo test file has items");

        List<String> answers = Files.readAllLines(q2a);
        assertEquals("annot_id,answer_0,answer_1,answer_2,answer_3", answers.get(0));
        assertEquals(ids, checkRows(answers, 5), "every test item once, in file order");

        List<String> rationales = Files.readAllLines(qa2r);
        assertEquals("annot_id" + rationaleHeader(), rationales.get(0));
        assertEquals(ids, checkRows(rationales, 17));

        List<String> board = Files.readAllLines(merged);
        assertEquals("annot_id,answer_0,answer_1,answer_2,answer_3" + rationaleHeader(), board.get(0));
        assertEquals(ids, checkRows(board, 21));
        for (int i = 1; i < board.size(); i++) {
            assertEquals(answers.get(i) + rationales.get(i).substring(rationales.get(i).indexOf(',')), board.get(i));
        }
        assertTrue(Files.readString(merged).endsWith("\n"));
    }

    @Test
    void testOfOneModelIsNamedAfterItsModelPrefix() throws Exception {
        Path results = work.resolve("single");
        CliRun r = vlbert(args(List.of("test", "--cfg", cfg, "--ckpt", rationaleRun.toString(), "--set",
                "DATASET.TASK=QA2R", "--result-path", results.toString())));
        assertEquals(0, r.exit(), r.out() + r.err());
        Path file = results.resolve("vl-bert_tiny_a_test_result_QA2R.csv");
        assertEquals("result csv saved to " + file + ".\n", r.out());
        assertEquals(annotIds("test"), checkRows(Files.readAllLines(file), 17));
        assertTrue(Files.isRegularFile(results.resolve("graphs/vcr-qa2r/infer.onnx")), "the evaluated graph is kept");
    }

    @Test
    void valPrintsTheReferenceAccuraciesAndOneModelsTrainingMetric() {
        CliRun both = vlbert(args(List.of("val", "--a-cfg", cfg, "--a-ckpt", answerRun.toString(), "--r-cfg", cfg,
                "--r-ckpt", rationaleRun.toString())));
        assertEquals(0, both.exit(), both.out() + both.err());
        assertTrue(both.out().matches("Q->A\t\\d+\\.\\d\nQA->R\t\\d+\\.\\d\nQ->AR\t\\d+\\.\\d\n"), both.out());
        double answerPercent = Double.parseDouble(both.out().split("[\t\n]")[1]);
        assertEquals(trainerAnswerAcc * 100, answerPercent, 0.051, "Q->A is the trainer's Val-Acc, rounded");

        CliRun single = vlbert(args(List.of("val", "--cfg", cfg, "--ckpt", answerRun.toString())));
        assertEquals(0, single.exit(), single.out() + single.err());
        Matcher acc = Pattern.compile("(?m)^Acc\t(\\S+)$").matcher(single.out());
        assertTrue(acc.find(), single.out());
        assertEquals(trainerAnswerAcc, Double.parseDouble(acc.group(1)), 1e-6, "val through infer.onnx == training");
    }
}

package org.vlbert.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.vlbert.testutil.CliRun.vlbert;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import org.vlbert.data.load.Dataset;
import org.vlbert.data.refcoco.RefcocoRefs;
import org.vlbert.testutil.CliRun;
import org.vlbert.testutil.RepoRoot;

/**
 * {@code vlbert test} and {@code vlbert val} for RefCOCO+ on the demo data, in process: one epoch
 * of the tiny config, then the reference's prediction JSON (one entry per sentence), the accuracy
 * against the referred boxes and our accuracy JSON, and val's RefAcc.
 */
class RefcocoTestValCommandsTest {
    @TempDir
    static Path work;
    static Path data;
    static Path run;
    static String cfg;
    static double trainerRefAcc;

    /** One sentence of a split: its ref id and referred box [x1, y1, x2, y2]. */
    record Sentence(long refId, float[] box) {}

    static String[] args(String... head) {
        List<String> all = new ArrayList<>(List.of(head));
        all.addAll(List.of("--cfg", cfg, "--set", "DATASET.DATASET_PATH=" + data, "--set", "DATASET.ROOT_PATH=" + data,
                "--set", "NETWORK.BERT_MODEL_NAME=" + data));
        return all.toArray(String[]::new);
    }

    @BeforeAll
    static void trainOneEpoch() {
        data = work.resolve("demo-data");
        run = work.resolve("run");
        cfg = RepoRoot.cfgs().resolve("refcoco/demo_tiny.yaml").toString();
        DemoData.generate(data, new DemoData.Settings(16, 8, 24, 3, 2048, 7), EnumSet.of(DemoData.Task.REFCOCO));
        CliRun r = vlbert(args("train", "--out", run.toString(), "--set", "TRAIN.END_EPOCH=1"));
        assertEquals(0, r.exit(), r.out() + r.err());
        Matcher m = Pattern.compile("Val-RefAcc=([0-9.]+)").matcher(r.out());
        assertTrue(m.find(), r.out());
        trainerRefAcc = Double.parseDouble(m.group(1));
    }

    private static List<Sentence> sentences(String split) {
        try (RefcocoRefs refs = RefcocoRefs.open(data.resolve("refcoco+.arrow"))) {
            Dataset<RefcocoRefs.Expression> e = refs.expressions(split);
            List<Sentence> out = new ArrayList<>();
            for (int i = 0; i < e.size(); i++) {
                out.add(new Sentence(e.get(i).ref().refId(), e.get(i).ref().gtBox().clone()));
            }
            return out;
        }
    }

    /** The reference's IoU with the +1 pixel convention. */
    private static double iou(double[] a, float[] b) {
        double iw = Math.max(0, Math.min(a[2], b[2]) - Math.max(a[0], b[0]) + 1);
        double ih = Math.max(0, Math.min(a[3], b[3]) - Math.max(a[1], b[1]) + 1);
        double inter = iw * ih;
        double areaA = (a[2] - a[0] + 1) * (a[3] - a[1] + 1);
        double areaB = (b[2] - (double) b[0] + 1) * (b[3] - (double) b[1] + 1);
        return inter / (areaA + areaB - inter);
    }

    @Test
    void testWritesOneBoxPerSentenceAndScoresItAgainstTheReferredBox() throws Exception {
        Path results = work.resolve("results");
        CliRun r = vlbert(args("test", "--ckpt", run.toString(), "--result-path", results.toString(), "--split", "testA"));
        assertEquals(0, r.exit(), r.out() + r.err());
        Path predictions = results.resolve("vl-bert_tiny_refcoco_refcoco+_testA.json");
        Path summary = results.resolve("vl-bert_tiny_refcoco_refcoco+_testA_accuracy.json");
        String[] lines = r.out().split("\n");
        assertEquals(4, lines.length, r.out());
        assertEquals("result json saved to " + predictions + ".", lines[0]);
        assertEquals("Evaluate on split: testA...", lines[1]);
        assertTrue(lines[2].matches("Accuracy: \\d+(\\.\\d+)?\\."), lines[2]);
        assertEquals("accuracy json saved to " + summary + ".", lines[3]);

        List<Sentence> expected = sentences("testA");
        assertTrue(expected.size() >= 2, "the demo testA split has sentences");
        String text = Files.readString(predictions);
        assertTrue(text.startsWith("[{\"ref_id\": ") && text.endsWith("]}]"), text);
        JsonNode entries = new ObjectMapper().readTree(text);
        assertEquals(expected.size(), entries.size(), "one entry per sentence");
        int correct = 0;
        for (int i = 0; i < expected.size(); i++) {
            JsonNode e = entries.get(i);
            assertEquals(List.of("ref_id", "box"), iterable(e.fieldNames()), e.toString());
            assertEquals(expected.get(i).refId(), e.get("ref_id").asLong(), "dataset order");
            assertEquals(4, e.get("box").size());
            double[] box = new double[4];
            for (int k = 0; k < 4; k++) {
                box[k] = e.get("box").get(k).asDouble();
            }
            correct += iou(box, expected.get(i).box()) >= 0.5 ? 1 : 0;
        }
        double accuracy = (double) correct / expected.size();
        assertEquals(accuracy * 100, Double.parseDouble(lines[2].substring(10, lines[2].length() - 1)), 1e-9);

        JsonNode acc = new ObjectMapper().readTree(Files.readString(summary));
        assertEquals(List.of("split", "accuracy", "correct", "total", "iou_threshold", "sentences"),
                iterable(acc.fieldNames()));
        assertEquals("testA", acc.get("split").asText());
        assertEquals(accuracy, acc.get("accuracy").asDouble(), 1e-12);
        assertEquals(correct, acc.get("correct").asInt());
        assertEquals(expected.size(), acc.get("total").asInt());
        assertEquals(0.5, acc.get("iou_threshold").asDouble());
        assertEquals(expected.size(), acc.get("sentences").size());
        assertEquals(List.of("ref_id", "iou", "correct"), iterable(acc.get("sentences").get(0).fieldNames()));
    }

    @Test
    void theDefaultTestSetIsTestAAndTestBTogether() throws Exception {
        Path results = work.resolve("both");
        CliRun r = vlbert(args("test", "--ckpt", run.toString(), "--result-path", results.toString(),
                "--result-name", "demo"));
        assertEquals(0, r.exit(), r.out() + r.err());
        JsonNode entries = new ObjectMapper().readTree(results.resolve("demo_refcoco+_test.json").toFile());
        List<Long> ids = new ArrayList<>();
        entries.forEach(e -> ids.add(e.get("ref_id").asLong()));
        List<Long> expected = sentences("test").stream().map(Sentence::refId).toList();
        assertEquals(expected, ids);
        assertEquals(sentences("testA").size() + sentences("testB").size(), expected.size());
        assertTrue(Files.isRegularFile(results.resolve("demo_refcoco+_test_accuracy.json")));
    }

    @Test
    void valPrintsTheTrainersRefAcc() {
        CliRun r = vlbert(args("val", "--ckpt", run.toString()));
        assertEquals(0, r.exit(), r.out() + r.err());
        Matcher acc = Pattern.compile("(?m)^RefAcc\t(\\S+)$").matcher(r.out());
        assertTrue(acc.find(), r.out());
        assertEquals(trainerRefAcc, Double.parseDouble(acc.group(1)), 1e-6, "val through infer.onnx == training");
    }

    private static List<String> iterable(java.util.Iterator<String> names) {
        List<String> out = new ArrayList<>();
        names.forEachRemaining(out::add);
        return out;
    }
}

package org.vlbert.export;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vlbert.config.ConfigLoader;
import org.vlbert.config.VlbertConfig;
import org.vlbert.data.vcr.VcrItem;
import org.vlbert.data.vcr.VcrToken;
import org.vlbert.graphs.tensor.HostTensor;
import org.vlbert.io.Safetensors;
import org.vlbert.testutil.RepoRoot;

/**
 * VCR export → predict round trips on the demo data: for every item of the unlabelled test file,
 * {@code vlbert predict} on the exported package (queries typed as text with [i] references)
 * gives the probabilities that {@code vlbert test} wrote for the same checkpoint, for Q→A and for
 * QA→R (one query per answer). A package names persons from Casey for every query; the test run
 * does the same here because each of its batches holds one item and is the first batch of its
 * (simulated) loader worker, where the reference's rolling name counter starts at 0.
 */
class VcrExportPredictTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** One simulated loader worker per test item. */
    private static final int TEST_ITEMS = VcrDemo.TEST_ITEMS;

    @TempDir
    static Path tmp;
    static Path data;
    static Path cfgFile;

    @BeforeAll
    static void demoData() {
        data = VcrDemo.generate(tmp.resolve("demo"));
        cfgFile = RepoRoot.cfgs().resolve("vcr/demo_tiny.yaml");
    }

    private static List<String> overrides(String task) {
        return List.of("DATASET.DATASET_PATH=" + data, "DATASET.ROOT_PATH=" + data, "NETWORK.BERT_MODEL_NAME=" + data,
                "DATASET.TASK=" + task, "TEST.BATCH_IMAGES=1", "NUM_WORKERS_PER_GPU=" + TEST_ITEMS);
    }

    private static String[] withSets(String task, String... head) {
        return TinyModels.withSets(overrides(task), head);
    }

    /**
     * Random weights with a spread of 1 (the model's own initialisation is so narrow that every
     * choice gets 0.25), so that probabilities depend clearly on the text and the regions.
     */
    private static Path checkpoint(String task, long seed) throws IOException {
        VlbertConfig cfg = ConfigLoader.load(cfgFile, null, overrides(task));
        SplittableRandom r = new SplittableRandom(seed);
        Map<String, HostTensor> params = new LinkedHashMap<>();
        TinyModels.randomParams(cfg, seed).forEach((name, t) -> {
            float[] v = new float[(int) HostTensor.numel(t.shape())];
            for (int i = 0; i < v.length; i++) {
                v[i] = (float) r.nextGaussian();
            }
            params.put(name, HostTensor.ofFloats(t.shape(), v));
        });
        Path file = tmp.resolve(task + ".safetensors");
        Safetensors.write(file, params, Map.of());
        return file;
    }

    private static List<VcrItem> testItems() {
        return VcrDemo.testItems(data);
    }

    /** True when the item's question or a choice refers to a person region (its name is in the text). */
    private static boolean namesAPerson(VcrItem item) {
        List<List<VcrToken>> all = new ArrayList<>(item.answerChoices());
        all.addAll(item.rationaleChoices());
        all.add(item.question());
        for (List<VcrToken> sentence : all) {
            for (VcrToken t : sentence) {
                if (t.isObjectReference()) {
                    for (int o : t.objects()) {
                        if (item.objects().get(o).equals("person")) {
                            return true;
                        }
                    }
                }
            }
        }
        return false;
    }


    private static ObjectNode query(String id, VcrItem item, List<List<VcrToken>> choices) {
        ObjectNode q = JSON.createObjectNode();
        q.put("id", id);
        q.put("image_id", item.imgFn());
        q.put("question", PredictTexts.typed(item.question()));
        ArrayNode c = q.putArray("choices");
        choices.forEach(x -> c.add(PredictTexts.typed(x)));
        ArrayNode o = q.putArray("objects");
        item.objects().forEach(o::add);
        return q;
    }

    private static String[] exportAndTest(String task, Path ckpt) {
        String[] r = TinyModels.cli(withSets(task, "export", "--cfg", cfgFile.toString(), "--ckpt", ckpt.toString(),
                "--out", tmp.resolve(task + "-pkg").toString()));
        assertEquals("0", r[0], r[1] + r[2]);
        String[] t = TinyModels.cli(withSets(task, "test", "--cfg", cfgFile.toString(), "--ckpt", ckpt.toString(),
                "--result-path", tmp.resolve(task + "-results").toString(), "--result-name", "demo"));
        assertEquals("0", t[0], t[1] + t[2]);
        return r;
    }

    private static List<JsonNode> predict(String task, List<ObjectNode> queries) throws IOException {
        Path jsonl = tmp.resolve(task + "-queries.jsonl");
        StringBuilder b = new StringBuilder();
        queries.forEach(q -> b.append(q).append('\n'));
        Files.writeString(jsonl, b);
        String[] r = TinyModels.cli("predict", "--package", tmp.resolve(task + "-pkg").toString(), "--features",
                data.resolve("regions.arrow").toString(), "--questions", jsonl.toString(), "--json", "--batch", "3");
        assertEquals("0", r[0], r[1] + r[2]);
        List<JsonNode> out = new ArrayList<>();
        for (String line : r[1].strip().split("\n")) {
            out.add(JSON.readTree(line));
        }
        assertEquals(queries.size(), out.size());
        return out;
    }

    @Test
    void answerPackagePredictsWhatVlbertTestWrote() throws IOException {
        exportAndTest("Q2A", checkpoint("Q2A", 21));
        Path pkg = tmp.resolve("Q2A-pkg");
        JsonNode config = JSON.readTree(pkg.resolve("config.json").toFile());
        assertEquals("Q2A", config.at("/vcr/task").asText());
        assertEquals(13, config.at("/vcr/person_names").size());
        assertEquals(81, config.at("/vcr/object_classes").size());
        assertEquals(List.of("boxes", "box_features", "question", "answer_choices", "im_info"),
                TinyModels.fields(JSON.readTree(pkg.resolve("manifest.json").toFile()).get("inputs"), "name"));

        List<VcrItem> items = testItems();
        List<ObjectNode> queries = new ArrayList<>();
        for (VcrItem item : items) {
            queries.add(query(item.annotId(), item, item.answerChoices()));
        }
        List<JsonNode> predicted = predict("Q2A", queries);
        List<String> csv = Files.readAllLines(tmp.resolve("Q2A-results/demo_test_result_Q2A.csv"));
        double spread = 0;
        for (int i = 0; i < items.size(); i++) {
            JsonNode p = predicted.get(i);
            assertEquals(items.get(i).annotId(), p.get("id").asText());
            assertEquals(items.get(i).annotId(), csv.get(i + 1).split(",")[0]);
            float[] probs = VcrDemo.probabilities(p);
            int best = 0;
            for (int k = 1; k < 4; k++) {
                best = probs[k] > probs[best] ? k : best;
            }
            assertEquals(best, p.get("best").asInt());
            assertArrayEquals(VcrDemo.csvRow(csv.get(i + 1), 1), probs, 1e-5f, "item " + i);
            spread = Math.max(spread, probs[best] - 0.25);
        }
        assertEquals(TEST_ITEMS, items.size());
        assertTrue(items.stream().anyMatch(VcrExportPredictTest::namesAPerson), "an item names a person (Casey, ...)");
        assertTrue(spread > 0.05, "the weights separate the choices (max excess probability " + spread + ")");
    }

    @Test
    void rationalePackagePredictsWhatVlbertTestWroteForEachAnswer() throws IOException {
        exportAndTest("QA2R", checkpoint("QA2R", 22));
        List<VcrItem> items = testItems();
        List<ObjectNode> queries = new ArrayList<>();
        for (VcrItem item : items) {
            for (int a = 0; a < 4; a++) {
                ObjectNode q = query(item.annotId() + "/a" + a, item, item.rationaleChoices());
                q.put("answer", PredictTexts.typed(item.answerChoices().get(a)));
                queries.add(q);
            }
        }
        List<JsonNode> predicted = predict("QA2R", queries);
        List<String> csv = Files.readAllLines(tmp.resolve("QA2R-results/demo_test_result_QA2R.csv"));
        for (int i = 0; i < items.size(); i++) {
            for (int a = 0; a < 4; a++) {
                assertArrayEquals(VcrDemo.csvRow(csv.get(i + 1), 1 + 4 * a), VcrDemo.probabilities(predicted.get(4 * i + a)), 1e-5f,
                        "item " + i + " answer " + a);
            }
        }

        // The single-query form gives the same numbers as the batch, and the readable form marks the best choice.
        VcrItem item = items.get(0);
        String[] single = {"predict", "--package", tmp.resolve("QA2R-pkg").toString(), "--features",
            data.resolve("regions.arrow").toString(), "--image-id", item.imgFn(), "--question",
            PredictTexts.typed(item.question()), "--answer", PredictTexts.typed(item.answerChoices().get(2)),
            "--objects", String.join(",", item.objects()), "--choices", PredictTexts.typed(item.rationaleChoices().get(0)),
            PredictTexts.typed(item.rationaleChoices().get(1)), PredictTexts.typed(item.rationaleChoices().get(2)),
            PredictTexts.typed(item.rationaleChoices().get(3))};
        String[] r = TinyModels.cli(TinyModels.concat(single, "--json"));
        assertEquals("0", r[0], r[1] + r[2]);
        assertArrayEquals(VcrDemo.probabilities(predicted.get(2)), VcrDemo.probabilities(JSON.readTree(r[1])), 1e-6f);
        r = TinyModels.cli(single);
        assertEquals("0", r[0], r[1] + r[2]);
        assertTrue(r[1].startsWith("image " + item.imgFn() + ": " + PredictTexts.typed(item.question()) + "\n"), r[1]);
        assertEquals(1, r[1].lines().filter(l -> l.startsWith("  * ")).count(), r[1]);
    }

    @Test
    void annotationLinesAndTypedTextGiveTheSameInputs() throws IOException {
        Path ckpt = checkpoint("Q2A", 23);
        Path pkg = tmp.resolve("lines-pkg");
        String[] r = TinyModels.cli(withSets("Q2A", "export", "--cfg", cfgFile.toString(), "--ckpt", ckpt.toString(),
                "--out", pkg.toString()));
        assertEquals("0", r[0], r[1] + r[2]);
        VcrItem item = testItems().get(1);
        // a line of a VCR annotation file: token lists with [i] groups, img_fn, answer_choices, annot_id
        ObjectNode line = JSON.createObjectNode();
        line.put("annot_id", item.annotId());
        line.put("img_fn", item.imgFn());
        line.set("question", PredictTexts.tokens(item.question()));
        ArrayNode answers = line.putArray("answer_choices");
        item.answerChoices().forEach(c -> answers.add(PredictTexts.tokens(c)));
        ArrayNode objects = line.putArray("objects");
        item.objects().forEach(objects::add);
        Path jsonl = tmp.resolve("annotation.jsonl");
        Files.writeString(jsonl, line + "\n" + query("typed", item, item.answerChoices()) + "\n");
        r = TinyModels.cli("predict", "--package", pkg.toString(), "--features", data.resolve("regions.arrow")
                .toString(), "--questions", jsonl.toString(), "--json");
        assertEquals("0", r[0], r[1] + r[2]);
        String[] lines = r[1].strip().split("\n");
        assertEquals(item.annotId(), JSON.readTree(lines[0]).get("id").asText());
        assertArrayEquals(VcrDemo.probabilities(JSON.readTree(lines[1])), VcrDemo.probabilities(JSON.readTree(lines[0])), 0f);
    }

    @Test
    void badVcrQueriesAreRefusedWithTheFix() throws IOException {
        Path ckpt = checkpoint("QA2R", 24);
        Path pkg = tmp.resolve("bad-pkg");
        assertEquals("0", TinyModels.cli(withSets("QA2R", "export", "--cfg", cfgFile.toString(), "--ckpt",
                ckpt.toString(), "--out", pkg.toString()))[0]);
        VcrItem item = testItems().get(0);
        String[] base = {"predict", "--package", pkg.toString(), "--features", data.resolve("regions.arrow").toString(),
            "--image-id", item.imgFn(), "--question", "what is [0] doing ?", "--choices", "a", "b", "c", "d"};
        String[] r = TinyModels.cli(base);
        TinyModels.assertFails(2, r, "missing --answer");
        r = TinyModels.cli(TinyModels.concat(base, "--answer", "sleeping"));
        TinyModels.assertFails(1, r, "refers to regions ([i]) but gives no objects");
        r = TinyModels.cli(TinyModels.concat(base, "--answer", "sleeping", "--objects", "person"));
        TinyModels.assertFails(1, r, "lists 1 objects but image " + item.imgFn() + " has 3 regions");
        r = TinyModels.cli(TinyModels.concat(base, "--answer", "[7] sleeps", "--objects", "person,dog,car"));
        TinyModels.assertFails(1, r, "refers to region 7 ('[7]') but the image has 3 regions");
        r = TinyModels.cli(TinyModels.concat(base, "--answer", "sleeping", "--objects", "person,hound,car"));
        TinyModels.assertFails(1, r, "object 'hound' is not one of the 81 COCO class names");
        r = TinyModels.cli("predict", "--package", pkg.toString(), "--features", data.resolve("regions.arrow")
                .toString(), "--image-id", item.imgFn(), "--expression", "the dog");
        TinyModels.assertFails(2, r, "pass the text with --question");
        Path jsonl = tmp.resolve("no-answer.jsonl");
        Files.writeString(jsonl, "{\"image_id\": \"" + item.imgFn() + "\", \"question\": \"why ?\", \"choices\":"
                + " [\"a\", \"b\", \"c\", \"d\"]}\n");
        r = TinyModels.cli("predict", "--package", pkg.toString(), "--features", data.resolve("regions.arrow")
                .toString(), "--questions", jsonl.toString());
        TinyModels.assertFails(1, r, "line 1 of " + jsonl + " needs \"answer\"");
    }
}

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
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vlbert.config.ConfigLoader;
import org.vlbert.data.demo.DemoData;
import org.vlbert.data.vcr.VcrItem;
import org.vlbert.data.vcr.VcrItems;
import org.vlbert.data.vcr.VcrToken;
import org.vlbert.testutil.RepoRoot;

/**
 * Packages of end-to-end VCR models (the shipped VCR setting: ResNet-101 on pixels with instance
 * masks; 64-pixel images here): for every item of the demo test file, given as the VCR annotation
 * line with its image and metadata file, {@code predict} gives the probabilities {@code vlbert test}
 * wrote for the same checkpoint (one item per batch and simulated worker on both sides, so that
 * image padding and person names agree).
 */
class VcrPixelPackageTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int TEST_ITEMS = 8;

    @TempDir
    static Path tmp;
    static Path data;
    static Path images;
    static Path cfgFile;

    @BeforeAll
    static void demoDataWithImagesAndMetadata() throws IOException {
        data = tmp.resolve("demo");
        DemoData.generate(data, new DemoData.Settings(40, 8, 40, 3, 2048, 5), EnumSet.of(DemoData.Task.VCR));
        cfgFile = RepoRoot.cfgs().resolve("vcr/demo_tiny.yaml");
        images = data.resolve("vcr1images");
        PixelModels.writeImages(data.resolve("regions.arrow"), images, id -> id);
        for (VcrItem item : testItems()) {
            ObjectNode meta = JSON.createObjectNode();
            ArrayNode boxes = meta.putArray("boxes");
            ArrayNode segms = meta.putArray("segms");
            for (int o = 0; o < item.boxes().length; o++) {
                ArrayNode b = boxes.addArray();
                for (float v : item.boxes()[o]) {
                    b.add(v);
                }
                ArrayNode polygons = segms.addArray();
                for (float[] flat : item.segms()[o]) {
                    ArrayNode points = polygons.addArray();
                    for (int k = 0; k < flat.length; k += 2) {
                        points.addArray().add(flat[k]).add(flat[k + 1]);
                    }
                }
            }
            item.objects().forEach(meta.putArray("names")::add);
            Files.writeString(images.resolve(item.imgFn() + ".json"), meta.toString());
        }
    }

    private static List<VcrItem> testItems() {
        try (VcrItems items = VcrItems.open(data.resolve("vcr_test.arrow"))) {
            List<VcrItem> out = new ArrayList<>();
            for (int i = 0; i < items.size(); i++) {
                out.add(items.get(i));
            }
            return out;
        }
    }

    private static String[] withSets(String... head) {
        List<String> all = new ArrayList<>(List.of(head));
        List<String> o = new ArrayList<>(List.of("DATASET.DATASET_PATH=" + data, "DATASET.ROOT_PATH=" + data,
                "NETWORK.BERT_MODEL_NAME=" + data, "DATASET.TASK=Q2A", "TEST.BATCH_IMAGES=1",
                "NUM_WORKERS_PER_GPU=" + TEST_ITEMS));
        o.addAll(PixelModels.OVERRIDES);
        for (String s : o) {
            all.add("--set");
            all.add(s);
        }
        return all.toArray(String[]::new);
    }

    @Test
    void annotationLinesWithImagesGiveTheProbabilitiesOfVlbertTest() throws IOException {
        String[] sets = withSets();
        List<String> overrides = new ArrayList<>();
        for (int i = 1; i < sets.length; i += 2) {
            overrides.add(sets[i]);
        }
        Path ckpt = PixelModels.checkpoint(ConfigLoader.load(cfgFile, null, overrides), tmp.resolve("vcr.safetensors"),
                41);
        Path pkg = tmp.resolve("pkg");
        String[] r = TinyModels.cli(withSets("export", "--cfg", cfgFile.toString(), "--ckpt", ckpt.toString(), "--out",
                pkg.toString()));
        assertEquals("0", r[0], r[1] + r[2]);
        JsonNode manifest = JSON.readTree(pkg.resolve("manifest.json").toFile());
        List<String> inputs = new ArrayList<>();
        manifest.get("inputs").forEach(n -> inputs.add(n.get("name").asText()));
        assertEquals(List.of("boxes", "image", "masks", "question", "answer_choices", "im_info"), inputs);
        List<String> steps = new ArrayList<>();
        manifest.get("preprocessing").forEach(n -> steps.add(n.get("step").asText()));
        assertEquals(List.of("name_regions", "tokenize_with_tags", "join_and_truncate", "image", "boxes", "masks",
                "batch"), steps);

        String[] t = TinyModels.cli(withSets("test", "--cfg", cfgFile.toString(), "--ckpt", ckpt.toString(),
                "--result-path", tmp.resolve("results").toString(), "--result-name", "demo"));
        assertEquals("0", t[0], t[1] + t[2]);
        List<String> csv = Files.readAllLines(tmp.resolve("results/demo_test_result_Q2A.csv"));

        List<VcrItem> items = testItems();
        assertEquals(TEST_ITEMS, items.size());
        StringBuilder lines = new StringBuilder();
        for (VcrItem item : items) {
            ObjectNode line = JSON.createObjectNode();
            line.put("annot_id", item.annotId());
            line.put("img_fn", item.imgFn());
            line.put("metadata_fn", item.imgFn() + ".json");
            line.set("question", PredictTexts.tokens(item.question()));
            ArrayNode answers = line.putArray("answer_choices");
            item.answerChoices().forEach(c -> answers.add(PredictTexts.tokens(c)));
            lines.append(line).append('\n');     // objects come from the metadata's names
        }
        Path jsonl = tmp.resolve("test.jsonl");
        Files.writeString(jsonl, lines);
        r = TinyModels.cli("predict", "--package", pkg.toString(), "--questions", jsonl.toString(), "--images",
                images.toString(), "--json");
        assertEquals("0", r[0], r[1] + r[2]);
        String[] out = r[1].strip().split("\n");
        assertEquals(TEST_ITEMS, out.length);
        double spread = 0;
        for (int i = 0; i < TEST_ITEMS; i++) {
            JsonNode p = JSON.readTree(out[i]);
            assertEquals(items.get(i).annotId(), p.get("id").asText());
            String[] cells = csv.get(i + 1).split(",");
            assertEquals(items.get(i).annotId(), cells[0]);
            float[] want = new float[4];
            float[] got = new float[4];
            for (int k = 0; k < 4; k++) {
                want[k] = Float.parseFloat(cells[1 + k]);
                got[k] = (float) p.get("choices").get(k).get("probability").asDouble();
                spread = Math.max(spread, got[k] - 0.25);
            }
            assertArrayEquals(want, got, 1e-5f, "item " + i);
        }
        assertTrue(spread > 1e-3, "the choices get different probabilities (max excess " + spread + ")");

        // One query alone: --image and --metadata; the metadata's names name the regions.
        VcrItem first = items.get(0);
        r = TinyModels.cli("predict", "--package", pkg.toString(), "--image", images.resolve(first.imgFn()).toString(),
                "--metadata", images.resolve(first.imgFn() + ".json").toString(), "--question",
                PredictTexts.typed(first.question()), "--choices", PredictTexts.typed(first.answerChoices().get(0)),
                PredictTexts.typed(first.answerChoices().get(1)), PredictTexts.typed(first.answerChoices().get(2)),
                PredictTexts.typed(first.answerChoices().get(3)), "--json");
        assertEquals("0", r[0], r[1] + r[2]);
        JsonNode alone = JSON.readTree(r[1]);
        for (int k = 0; k < 4; k++) {
            assertEquals(JSON.readTree(out[0]).get("choices").get(k).get("probability").asDouble(),
                    alone.get("choices").get(k).get("probability").asDouble(), 1e-6);
        }
        r = TinyModels.cli("predict", "--package", pkg.toString(), "--image", images.resolve(first.imgFn()).toString(),
                "--question", "why ?", "--choices", "a", "b", "c", "d");
        assertEquals("2", r[0]);
        assertTrue(r[2].contains("--metadata FILE.json"), r[2]);
    }
}

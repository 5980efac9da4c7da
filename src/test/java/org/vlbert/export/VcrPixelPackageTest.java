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
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vlbert.config.ConfigLoader;
import org.vlbert.data.vcr.VcrItem;
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
    private static final int TEST_ITEMS = VcrDemo.TEST_ITEMS;

    @TempDir
    static Path tmp;
    static Path data;
    static Path images;
    static Path cfgFile;

    @BeforeAll
    static void demoDataWithImagesAndMetadata() throws IOException {
        data = VcrDemo.generate(tmp.resolve("demo"));
        cfgFile = RepoRoot.cfgs().resolve("vcr/demo_tiny.yaml");
        images = data.resolve("vcr1images");
        PixelModels.writeImages(data.resolve("regions.arrow"), images, id -> id);
        for (VcrItem item : VcrDemo.testItems(data)) {
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

    private static List<String> overrides() {
        List<String> o = new ArrayList<>(List.of("DATASET.DATASET_PATH=" + data, "DATASET.ROOT_PATH=" + data,
                "NETWORK.BERT_MODEL_NAME=" + data, "DATASET.TASK=Q2A", "TEST.BATCH_IMAGES=1",
                "NUM_WORKERS_PER_GPU=" + TEST_ITEMS));
        o.addAll(PixelModels.OVERRIDES);
        return o;
    }

    private static String[] withSets(String... head) {
        return TinyModels.withSets(overrides(), head);
    }

    @Test
    void annotationLinesWithImagesGiveTheProbabilitiesOfVlbertTest() throws IOException {
        Path ckpt = PixelModels.checkpoint(ConfigLoader.load(cfgFile, null, overrides()),
                tmp.resolve("vcr.safetensors"), 41);
        Path pkg = tmp.resolve("pkg");
        String[] r = TinyModels.cli(withSets("export", "--cfg", cfgFile.toString(), "--ckpt", ckpt.toString(), "--out",
                pkg.toString()));
        assertEquals("0", r[0], r[1] + r[2]);
        JsonNode manifest = JSON.readTree(pkg.resolve("manifest.json").toFile());
        assertEquals(List.of("boxes", "image", "masks", "question", "answer_choices", "im_info"),
                TinyModels.fields(manifest.get("inputs"), "name"));
        assertEquals(List.of("name_regions", "tokenize_with_tags", "join_and_truncate", "image", "boxes", "masks",
                "batch"), TinyModels.fields(manifest.get("preprocessing"), "step"));

        String[] t = TinyModels.cli(withSets("test", "--cfg", cfgFile.toString(), "--ckpt", ckpt.toString(),
                "--result-path", tmp.resolve("results").toString(), "--result-name", "demo"));
        assertEquals("0", t[0], t[1] + t[2]);
        List<String> csv = Files.readAllLines(tmp.resolve("results/demo_test_result_Q2A.csv"));

        List<VcrItem> items = VcrDemo.testItems(data);
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
            assertEquals(items.get(i).annotId(), csv.get(i + 1).split(",")[0]);
            float[] got = VcrDemo.probabilities(p);
            for (float g : got) {
                spread = Math.max(spread, g - 0.25);
            }
            assertArrayEquals(VcrDemo.csvRow(csv.get(i + 1), 1), got, 1e-5f, "item " + i);
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
        assertArrayEquals(VcrDemo.probabilities(JSON.readTree(out[0])), VcrDemo.probabilities(JSON.readTree(r[1])),
                1e-6f);
        r = TinyModels.cli("predict", "--package", pkg.toString(), "--image", images.resolve(first.imgFn()).toString(),
                "--question", "why ?", "--choices", "a", "b", "c", "d");
        TinyModels.assertFails(2, r, "--metadata FILE.json");
    }
}

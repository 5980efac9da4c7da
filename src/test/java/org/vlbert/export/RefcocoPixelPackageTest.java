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
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vlbert.config.ConfigLoader;
import org.vlbert.config.VlbertConfig;
import org.vlbert.data.demo.DemoData;
import org.vlbert.data.load.Dataset;
import org.vlbert.data.refcoco.RefcocoRefs;
import org.vlbert.testutil.RepoRoot;

/**
 * Packages of end-to-end RefCOCO+ models (IMAGE_FEAT_PRECOMPUTED false, the shipped RefCOCO+
 * setting; ResNet-101 at SCALES 64 to stay small): for every sentence of the demo test split,
 * {@code predict} on the image file and the candidate boxes picks the box that {@code vlbert test}
 * picked from the same checkpoint through the training data pipeline, given the same batches.
 */
class RefcocoPixelPackageTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path tmp;
    static Path data;
    static Path cfgFile;

    @BeforeAll
    static void demoDataWithImages() throws IOException {
        data = tmp.resolve("demo");
        DemoData.generate(data, new DemoData.Settings(16, 8, 24, 3, 2048, 7), EnumSet.of(DemoData.Task.REFCOCO));
        cfgFile = RepoRoot.cfgs().resolve("refcoco/demo_tiny.yaml");
        PixelModels.writeImages(data.resolve("regions.arrow"), data.resolve("train2014"),
                RefcocoPixelPackageTest::file);
    }

    /** Where the reference's RefCOCO+ dataset looks for a COCO image. */
    private static String file(String imageId) {
        return String.format("COCO_train2014_%012d.jpg", Long.parseLong(imageId));
    }

    private static List<String> overrides() {
        List<String> o = new ArrayList<>(List.of("DATASET.DATASET_PATH=" + data, "DATASET.ROOT_PATH=" + data,
                "NETWORK.BERT_MODEL_NAME=" + data));
        o.addAll(PixelModels.OVERRIDES);
        return o;
    }

    private static String[] withSets(String... head) {
        return TinyModels.withSets(overrides(), head);
    }

    @Test
    void predictOnImagesPicksTheBoxesVlbertTestPicked() throws IOException {
        VlbertConfig cfg = ConfigLoader.load(cfgFile, null, overrides());
        Path ckpt = PixelModels.checkpoint(cfg, tmp.resolve("pixels.safetensors"), 31);
        Path pkg = tmp.resolve("pkg");
        String[] r = TinyModels.cli(withSets("export", "--cfg", cfgFile.toString(), "--ckpt", ckpt.toString(), "--out",
                pkg.toString()));
        assertEquals("0", r[0], r[1] + r[2]);
        JsonNode manifest = JSON.readTree(pkg.resolve("manifest.json").toFile());
        assertEquals(Set.of("image", "boxes", "im_info", "expression"),
                new HashSet<>(TinyModels.fields(manifest.get("inputs"), "name")));
        JsonNode config = JSON.readTree(pkg.resolve("config.json").toFile());
        assertEquals("pixels", config.at("/visual/input").asText());
        assertEquals(102.9801, config.at("/visual/image/pixel_means/0").asDouble(), 1e-4);
        assertEquals(List.of("tokenize", "image", "boxes", "batch"),
                TinyModels.fields(manifest.get("preprocessing"), "step"));

        String[] t = TinyModels.cli(withSets("test", "--cfg", cfgFile.toString(), "--ckpt", ckpt.toString(),
                "--result-path", tmp.resolve("results").toString(), "--result-name", "demo"));
        assertEquals("0", t[0], t[1] + t[2]);
        JsonNode tested = JSON.readTree(tmp.resolve("results/demo_refcoco+_test.json").toFile());

        StringBuilder lines = new StringBuilder();
        int n;
        try (RefcocoRefs refs = RefcocoRefs.open(data.resolve("refcoco+.arrow"))) {
            Dataset<RefcocoRefs.Expression> e = refs.expressions("test");
            n = e.size();
            for (int i = 0; i < n; i++) {
                RefcocoRefs.Expression x = e.get(i);
                ObjectNode q = JSON.createObjectNode();
                q.put("id", Long.toString(x.ref().refId()));
                q.put("image", "train2014/" + file(x.ref().imageId()));
                q.put("expression", String.join(" ", x.text().tokens()));
                ArrayNode boxes = q.putArray("boxes");
                for (float[] b : x.ref().gtBoxes()) {
                    boxes.addArray().add(b[0]).add(b[1]).add(b[2]).add(b[3]);
                }
                lines.append(q).append('\n');
            }
        }
        assertEquals(n, tested.size());
        assertTrue(n >= 3, "the demo test split has sentences");
        Path jsonl = tmp.resolve("queries.jsonl");
        Files.writeString(jsonl, lines);
        // Images are zero-padded to the batch's largest, which the ResNet sees (as in the reference), so
        // the comparison uses vlbert test's batches: 8 sentences in file order.
        r = TinyModels.cli("predict", "--package", pkg.toString(), "--questions", jsonl.toString(), "--images",
                data.toString(), "--json", "--batch", "8");
        assertEquals("0", r[0], r[1] + r[2]);
        String[] out = r[1].strip().split("\n");
        assertEquals(n, out.length);
        Set<String> regions = new HashSet<>();
        for (int i = 0; i < n; i++) {
            JsonNode p = JSON.readTree(out[i]);
            assertEquals(tested.get(i).get("ref_id").asText(), p.get("id").asText());
            float[] want = new float[4];
            float[] got = new float[4];
            for (int c = 0; c < 4; c++) {
                want[c] = (float) tested.get(i).get("box").get(c).asDouble();
                got[c] = (float) p.get("box").get(c).asDouble();
            }
            assertArrayEquals(want, got, 1e-3f, "sentence " + i);
            regions.add(p.get("region").asText());
        }
        assertTrue(regions.size() > 1, "the model does not pick the same row every time: " + regions);

        // By default predict runs end-to-end packages one query at a time: a query's answer is then the
        // same in a file of queries as alone.
        r = TinyModels.cli("predict", "--package", pkg.toString(), "--questions", jsonl.toString(), "--images",
                data.toString(), "--json");
        assertEquals("0", r[0], r[1] + r[2]);
        JsonNode third = JSON.readTree(r[1].strip().split("\n")[3]);
        JsonNode line = JSON.readTree(lines.toString().split("\n")[3]);
        String[] alone = TinyModels.cli("predict", "--package", pkg.toString(), "--image",
                data.resolve(line.get("image").asText()).toString(), "--boxes", line.get("boxes").toString(),
                "--expression", line.get("expression").asText(), "--json");
        assertEquals("0", alone[0], alone[1] + alone[2]);
        JsonNode own = JSON.readTree(alone[1]);
        assertEquals(third.get("box"), own.get("box"));
        assertEquals(third.get("score").asDouble(), own.get("score").asDouble(), 1e-6);

        // The single-query form names a bad box and a missing image.
        String[] single = {"predict", "--package", pkg.toString(), "--image",
            data.resolve("train2014").resolve(file("1")).toString(), "--expression", "the red one"};
        r = TinyModels.cli(TinyModels.concat(single, "--boxes", "[[10, 10, 5, 40]]"));
        TinyModels.assertFails(1, r, "candidate box 0 must be [x1, y1, x2, y2] with x2 >= x1");
        r = TinyModels.cli("predict", "--package", pkg.toString(), "--features", data.resolve("regions.arrow")
                .toString(), "--image-id", "1", "--expression", "the red one");
        TinyModels.assertFails(2, r, "pass --image FILE and --boxes JSON");
    }
}

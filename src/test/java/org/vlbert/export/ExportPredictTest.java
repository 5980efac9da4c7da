package org.vlbert.export;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vlbert.config.VlbertConfig;
import org.vlbert.data.regions.Region;
import org.vlbert.data.regions.RegionFeatures;
import org.vlbert.data.tokenizer.BertTokenizer;
import org.vlbert.data.vqa.ImageResize;
import org.vlbert.data.vqa.VqaCollator;
import org.vlbert.graphs.artifacts.ArtifactInfo;
import org.vlbert.graphs.artifacts.ArtifactReader;
import org.vlbert.graphs.tensor.HostTensor;

/**
 * export → predict round trips for VQA and RefCOCO+ on tiny random-weight models and demo regions
 * (VCR: {@link VcrExportPredictTest}).
 */
class ExportPredictTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path tmp;
    static Path data;

    @BeforeAll
    static void demoData() {
        data = TinyModels.demoData(tmp.resolve("demo"));
    }

    private static String[] export(String task, Path ckpt, Path out, String... flags) {
        return TinyModels.exportArgs(task, data, List.of(), ckpt, out, flags);
    }

    private static Map<String, HostTensor> testData(Path pkg, String prefix) throws IOException {
        return TinyModels.testData(pkg, prefix);
    }

    @Test
    void vqaPackagePredictsWhatItsTestDataSays() throws IOException {
        VlbertConfig cfg = TinyModels.load("vqa", data);
        Path ckpt = TinyModels.checkpoint(cfg, tmp.resolve("vqa.safetensors"), 5);
        Path pkg = tmp.resolve("vqa-pkg");
        String[] r = TinyModels.cli(export("vqa", ckpt, pkg, "--sample-features", data.resolve("regions.arrow")
                .toString(), "--sample-image-id", "2", "--sample-text", "what color is the cube?"));
        assertEquals("0", r[0], r[1] + r[2]);
        for (String f : List.of("model.onnx", "vocab.txt", "tokenizer.json", "answers.txt", "config.json",
                "manifest.json", "test_data_set_0/input_0.pb", "test_data_set_0/output_0.pb")) {
            assertTrue(Files.isRegularFile(pkg.resolve(f)), f);
        }
        JsonNode manifest = JSON.readTree(pkg.resolve("manifest.json").toFile());
        assertEquals(1, manifest.get("format_version").asInt());
        assertEquals("vqa", manifest.get("task").asText());
        assertEquals(List.of("boxes", "im_info", "question"), TinyModels.fields(manifest.get("inputs"), "name"));
        assertEquals(List.of("label_logits"), TinyModels.fields(manifest.get("outputs"), "name"));
        assertEquals("[\"batch\",\"num_boxes\",2052]", manifest.get("inputs").get(0).get("shape").toString());
        assertEquals(List.of("tokenize", "regions", "resize_boxes", "batch"),
                TinyModels.fields(manifest.get("preprocessing"), "step"));
        assertEquals(9, manifest.get("files").size());   // every file but the manifest
        JsonNode config = JSON.readTree(pkg.resolve("config.json").toFile());
        assertEquals(2048, config.at("/visual/feature_dim").asInt());
        assertEquals(-2.0, config.at("/visual/box_padding_value").asDouble());
        assertEquals("[600,1000]", config.at("/visual/resize/scales").toString());
        assertEquals(101, config.at("/text/special_token_ids/[CLS]").asInt());
        assertEquals(Files.readAllLines(data.resolve("answers.txt")), Files.readAllLines(pkg.resolve("answers.txt")));

        // The test inputs are exactly what the training collator builds for that question and image.
        Map<String, HostTensor> inputs = testData(pkg, "input_");
        try (RegionFeatures regions = RegionFeatures.open(data.resolve("regions.arrow"))) {
            Region region = regions.get(regions.indexOf("2"));
            Map<String, HostTensor> expected = new RegionInputs(BertTokenizer.fromVocab(data.resolve("vocab.txt")),
                    ImageResize.VQA, VqaCollator.QUESTION, 512).build(List.of(new RegionQuery("what color is the cube?",
                    region)));
            assertEquals(List.copyOf(expected.keySet()), List.copyOf(inputs.keySet()));
            for (String name : expected.keySet()) {
                assertEquals(expected.get(name).buffer(), inputs.get(name).buffer(), name);
            }
            assertEquals(4 + 1, inputs.get("boxes").dim(1));
        }

        // predict on the same query reports sigmoid(test output), best first.
        float[] logits = testData(pkg, "output_").get("label_logits").toFloatArray();
        r = TinyModels.cli("predict", "--package", pkg.toString(), "--features", data.resolve("regions.arrow")
                .toString(), "--image-id", "2", "--question", "what color is the cube?", "--top-k", "32", "--json");
        assertEquals("0", r[0], r[1] + r[2]);
        JsonNode p = JSON.readTree(r[1]);
        List<String> answers = Files.readAllLines(data.resolve("answers.txt"));
        assertEquals(32, p.get("answers").size());
        double previous = Double.POSITIVE_INFINITY;
        for (JsonNode a : p.get("answers")) {
            int index = answers.indexOf(a.get("answer").asText());
            double expected = 1 / (1 + Math.exp(-logits[index]));
            assertEquals(expected, a.get("score").asDouble(), 1e-6, a.toString());
            assertTrue(a.get("score").asDouble() <= previous);
            previous = a.get("score").asDouble();
        }
        assertEquals(p.get("answers").get(0).get("answer").asText(), p.get("answer").asText());
    }

    @Test
    void zippedVqaPackageAnswersBatchesLikeSingleQueries() throws IOException {
        VlbertConfig cfg = TinyModels.load("vqa", data);
        Path ckpt = TinyModels.checkpoint(cfg, tmp.resolve("vqa-zip.safetensors"), 6);
        Path zip = tmp.resolve("vqa.zip");
        String[] r = TinyModels.cli(export("vqa", ckpt, zip, "--zip"));
        assertEquals("0", r[0], r[1] + r[2]);
        assertTrue(Files.isRegularFile(zip));
        Path jsonl = tmp.resolve("questions.jsonl");
        Files.writeString(jsonl, "{\"id\": \"a\", \"image_id\": \"1\", \"question\": \"what shape is the red object?\"}\n"
                + "\n{\"id\": 7, \"image_id\": 3, \"question\": \"how many objects are there?\"}\n"
                + "{\"image_id\": \"5\", \"question\": \"is there a blue sphere?\"}\n");
        r = TinyModels.cli("predict", "--package", zip.toString(), "--features", data.resolve("regions.arrow")
                .toString(), "--questions", jsonl.toString(), "--json", "--batch", "2", "--top-k", "3");
        assertEquals("0", r[0], r[1] + r[2]);
        String[] lines = r[1].strip().split("\n");
        assertEquals(3, lines.length);
        assertEquals("a", JSON.readTree(lines[0]).get("id").asText());
        assertEquals("7", JSON.readTree(lines[1]).get("id").asText());
        // Batched answers equal the single-query answers (padding does not change a sample's result).
        String[] single = TinyModels.cli("predict", "--package", zip.toString(), "--features",
                data.resolve("regions.arrow").toString(), "--image-id", "3", "--question", "how many objects are there?",
                "--json", "--top-k", "3");
        assertEquals("0", single[0], single[1] + single[2]);
        JsonNode a = JSON.readTree(lines[1]).get("answers");
        JsonNode b = JSON.readTree(single[1]).get("answers");
        for (int i = 0; i < 3; i++) {
            assertEquals(b.get(i).get("answer"), a.get(i).get("answer"));
            assertEquals(b.get(i).get("score").asDouble(), a.get(i).get("score").asDouble(), 1e-5);
        }
        // The human-readable form names the image and ranks the answers.
        r = TinyModels.cli("predict", "--package", zip.toString(), "--features", data.resolve("regions.arrow")
                .toString(), "--image-id", "3", "--question", "how many objects are there?", "--top-k", "2");
        assertTrue(r[1].startsWith("image 3: how many objects are there?\n  1. "), r[1]);
    }

    @Test
    void refcocoPackagePredictsTheTestDataBox() throws IOException {
        VlbertConfig cfg = TinyModels.load("refcoco", data);
        Path ckpt = TinyModels.checkpoint(cfg, tmp.resolve("ref.safetensors"), 7);
        Path pkg = tmp.resolve("ref-pkg");
        String[] r = TinyModels.cli(export("refcoco", ckpt, pkg, "--sample-features", data.resolve("regions.arrow")
                .toString(), "--sample-image-id", "4", "--sample-text", "the red cube on the left"));
        assertEquals("0", r[0], r[1] + r[2]);
        assertTrue(Files.notExists(pkg.resolve("answers.txt")));
        Map<String, HostTensor> out = testData(pkg, "output_");
        assertEquals(List.of("label_logits", "pred_boxes"), new ArrayList<>(out.keySet()));
        r = TinyModels.cli("predict", "--package", pkg.toString(), "--features", data.resolve("regions.arrow")
                .toString(), "--image-id", "4", "--expression", "the red cube on the left", "--json");
        assertEquals("0", r[0], r[1] + r[2]);
        JsonNode p = JSON.readTree(r[1]);
        float[] box = new float[4];
        for (int i = 0; i < 4; i++) {
            box[i] = (float) p.get("box").get(i).asDouble();
        }
        assertArrayEquals(out.get("pred_boxes").toFloatArray(), box, 1e-4f);
        float[] logits = out.get("label_logits").toFloatArray();
        int best = p.get("region").asInt();
        for (float l : logits) {
            assertTrue(l <= logits[best]);
        }
        assertEquals(1 / (1 + Math.exp(-logits[best])), p.get("score").asDouble(), 1e-6);

        // A VQA option on a RefCOCO+ package is a usage error that says what to pass instead.
        r = TinyModels.cli("predict", "--package", pkg.toString(), "--features", data.resolve("regions.arrow")
                .toString(), "--image-id", "4", "--question", "what?");
        TinyModels.assertFails(2, r, "pass the text with --expression");
    }

    @Test
    void optimizedGraphGivesTheSameAnswersAndIsRecorded() throws IOException {
        VlbertConfig cfg = TinyModels.load("vqa", data);
        Path ckpt = TinyModels.checkpoint(cfg, tmp.resolve("vqa-opt.safetensors"), 8);
        Path plain = tmp.resolve("plain");
        Path fast = tmp.resolve("fast");
        assertEquals("0", TinyModels.cli(export("vqa", ckpt, plain))[0]);
        String[] r = TinyModels.cli(export("vqa", ckpt, fast, "--optimize"));
        assertEquals("0", r[0], r[1] + r[2]);
        JsonNode manifest = JSON.readTree(fast.resolve("manifest.json").toFile());
        assertTrue(manifest.at("/model/optimization/enabled").asBoolean());
        assertEquals("basic", manifest.at("/model/optimization/ort_offline_level").asText());
        assertEquals("none", JSON.readTree(plain.resolve("manifest.json").toFile())
                .at("/model/optimization/ort_offline_level").asText());
        // Folded, still standard ONNX: only the default domain is imported, and the vlbert metadata survives.
        ArtifactInfo before = ArtifactReader.describe(plain.resolve("model.onnx"));
        ArtifactInfo after = ArtifactReader.describe(fast.resolve("model.onnx"));
        assertEquals(java.util.Map.of("ai.onnx", 20L), after.opsets());
        assertTrue(after.nodeCount() < before.nodeCount(), before.nodeCount() + " -> " + after.nodeCount());
        assertEquals("infer", after.metadata().get("vlbert.kind"));
        assertEquals(before.inputs(), after.inputs());
        // Same synthetic inputs; outputs agree to float rounding.
        Map<String, HostTensor> plainIn = testData(plain, "input_");
        Map<String, HostTensor> fastIn = testData(fast, "input_");
        assertEquals(plainIn.keySet(), fastIn.keySet());
        plainIn.forEach((k, v) -> assertEquals(v.buffer(), fastIn.get(k).buffer(), k));
        float[] a = testData(plain, "output_").get("label_logits").toFloatArray();
        float[] b = testData(fast, "output_").get("label_logits").toFloatArray();
        assertArrayEquals(a, b, 1e-5f);
    }

    @Test
    void largeWeightsGoToExternalDataThatIsChecked() throws IOException {
        VlbertConfig cfg = TinyModels.load("vqa", data);
        Path ckpt = TinyModels.checkpoint(cfg, tmp.resolve("vqa-ext.safetensors"), 10);
        Path pkg = tmp.resolve("ext-pkg");
        String[] r = TinyModels.cli(export("vqa", ckpt, pkg, "--external-data-threshold", "1000", "--optimize"));
        assertEquals("0", r[0], r[1] + r[2]);
        JsonNode manifest = JSON.readTree(pkg.resolve("manifest.json").toFile());
        assertEquals("model.onnx.data", manifest.at("/model/external_data").asText());
        assertEquals("basic", manifest.at("/model/optimization/ort_offline_level").asText());
        assertTrue(Files.size(pkg.resolve("model.onnx.data")) > Files.size(pkg.resolve("model.onnx")));
        String[] predict = {"predict", "--package", pkg.toString(), "--features", data.resolve("regions.arrow")
                .toString(), "--image-id", "2", "--question", "what color is the cube?", "--json"};
        assertEquals("0", TinyModels.cli(predict)[0]);
        Files.delete(pkg.resolve("model.onnx.data"));
        r = TinyModels.cli(predict);
        TinyModels.assertFails(1, r, "model.onnx.data is missing");
    }

    @Test
    void predictNamesWhatItCannotDo() throws IOException {
        VlbertConfig cfg = TinyModels.load("vqa", data);
        Path ckpt = TinyModels.checkpoint(cfg, tmp.resolve("vqa-err.safetensors"), 11);
        Path pkg = tmp.resolve("err-pkg");
        assertEquals("0", TinyModels.cli(export("vqa", ckpt, pkg))[0]);
        String features = data.resolve("regions.arrow").toString();
        String[] r = TinyModels.cli("predict", "--package", pkg.toString(), "--features", features, "--image-id",
                "no-such-image", "--question", "what?");
        TinyModels.assertFails(1, r, "has no image with id 'no-such-image'");
        r = TinyModels.cli("predict", "--package", pkg.toString(), "--features", features, "--image-id", "1",
                "--question", "what?", "--choices", "a", "b", "c", "d");
        TinyModels.assertFails(2, r, "--choices, --answer and --objects are for VCR packages; this is a vqa package");
        Path bad = tmp.resolve("bad.jsonl");
        Files.writeString(bad, "{\"image_id\": \"1\"}\n");
        r = TinyModels.cli("predict", "--package", pkg.toString(), "--features", features, "--questions",
                bad.toString());
        TinyModels.assertFails(1, r, "line 1 of " + bad + " needs \"image_id\" and \"question\"");
        String longQuestion = "what " .repeat(600);
        r = TinyModels.cli("predict", "--package", pkg.toString(), "--features", features, "--image-id", "1",
                "--question", longQuestion);
        TinyModels.assertFails(1, r, "more than the model's 512; shorten the text");
    }

    @Test
    void exportRefusesWhatItCannotPackage() throws IOException {
        VlbertConfig cfg = TinyModels.load("vqa", data);
        Path ckpt = TinyModels.checkpoint(cfg, tmp.resolve("refuse.safetensors"), 9);
        Path existing = Files.createDirectories(tmp.resolve("exists"));
        String[] r = TinyModels.cli(export("vqa", ckpt, existing));
        TinyModels.assertFails(1, r, "already exists");
        String[] pretrain = TinyModels.cli("export", "--cfg", TinyModels.config("pretrain").toString(), "--ckpt",
                ckpt.toString(), "--out", tmp.resolve("pretrain").toString());
        TinyModels.assertFails(1, pretrain,
                "is a pretraining config: export a model fine-tuned for VQA, VCR or RefCOCO+");
        String[] pixels = TinyModels.cli("export", "--cfg", TinyModels.config("vqa").toString(), "--set",
                "NETWORK.IMAGE_FEAT_PRECOMPUTED=false", "--ckpt", ckpt.toString(), "--out", tmp.resolve("vqa").toString());
        TinyModels.assertFails(1, pixels, "NETWORK.IMAGE_FEAT_PRECOMPUTED is false; VQA models read precomputed"
                + " region features");
        // A checkpoint of another task does not fit: the error lists what is missing.
        Path refCkpt = TinyModels.checkpoint(TinyModels.load("refcoco", data), tmp.resolve("other.safetensors"), 1);
        r = TinyModels.cli(export("vqa", refCkpt, tmp.resolve("mismatch")));
        TinyModels.assertFails(1, r, "does not fit the model built from the config");
        assertTrue(r[2].contains("missing parameters"), r[2]);
        assertTrue(Files.notExists(tmp.resolve("mismatch")));
    }
}

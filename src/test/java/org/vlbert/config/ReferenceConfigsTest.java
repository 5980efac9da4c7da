package org.vlbert.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.vlbert.testutil.RepoRoot;
import org.vlbert.testutil.SharedFixtures;

/** Every original VL-BERT yaml loads unchanged, resolves exactly like the original code, and round-trips. */
class ReferenceConfigsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    static Stream<Path> referenceFiles() throws IOException {
        try (Stream<Path> files = Files.walk(SharedFixtures.referenceCfgs())) {
            return files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList().stream();
        }
    }

    @Test
    void allEighteenOriginalConfigsAreFound() throws IOException {
        assertEquals(18, referenceFiles().count());
    }

    @ParameterizedTest
    @MethodSource("referenceFiles")
    void resolvesToTheValuesOfTheOriginalUpdateConfig(Path file) throws IOException {
        VlbertConfig config = ConfigLoader.load(file);
        String task = file.getParent().getFileName().toString();
        assertEquals(Task.parse(task), config.task());

        JsonNode expected = JSON.readTree(resource("reference-resolved/" + task + "/"
                + file.getFileName().toString().replace(".yaml", ".json")));
        ObjectNode actual = (ObjectNode) YAML.readTree(config.toYaml());
        ObjectNode train = (ObjectNode) actual.get("TRAIN");
        ArrayNode steps = JSON.createArrayNode();
        String lrStep = train.get("LR_STEP").asText();
        if (!lrStep.isEmpty()) {
            for (String s : lrStep.split(",")) {
                steps.add(Double.parseDouble(s));
            }
        }
        train.set("LR_STEP", steps);
        assertNull(firstDifference("", expected, actual), file.toString());
    }

    @ParameterizedTest
    @MethodSource("referenceFiles")
    void roundTripsThroughTheDump(Path file) {
        VlbertConfig config = ConfigLoader.load(file);
        String dump = config.toYaml();
        VlbertConfig again = ConfigLoader.fromString(dump, "dump of " + file, config.task(), List.of());
        assertEquals(config, again);
        assertEquals(dump, again.toYaml());
        assertEquals(config.hash(), again.hash());
    }

    @ParameterizedTest
    @MethodSource("referenceFiles")
    void ourCfgsCopyMeansTheSameRun(Path file) {
        Path ours = RepoRoot.cfgs().resolve(file.getParent().getFileName().toString()).resolve(file.getFileName());
        assertTrue(Files.isRegularFile(ours), ours + " is missing");
        VlbertConfig original = ConfigLoader.load(file);
        VlbertConfig copy = ConfigLoader.load(ours);
        assertEquals(original, copy);
        assertEquals(original.hash(), copy.hash());
        assertEquals(original.warnings().size(), copy.warnings().size());
    }

    @Test
    void dumpKeepsTheOriginalLayout() {
        Path vqa = SharedFixtures.referenceCfgs().resolve("vqa/base_4x16G_fp32.yaml");
        String dump = ConfigLoader.load(vqa).toYaml();
        assertTrue(dump.startsWith("---\nRNG_SEED: 12345\nOUTPUT_PATH: './output/vl-bert/vqa'\n"), dump);
        assertTrue(dump.contains("\nSCALES:\n- 600\n- 1000\nDATASET:\n  DATASET: 'vqa'\n"), dump);
        assertTrue(dump.contains("\n  VLBERT:\n    input_size: 1280\n"), dump);
        assertTrue(dump.contains("\n  LR: 6.25e-7\n"), dump);
        assertTrue(dump.contains("\n  LR_STEP: ''\n"), dump);
        assertTrue(dump.contains("\n  LOSS_LOGGERS:\n  - 'ans_loss,AnsLoss'\n"), dump);

        Path vcr = SharedFixtures.referenceCfgs().resolve("vcr/large_q2a_4x16G_fp16.yaml");
        String vcrDump = ConfigLoader.load(vcr).toYaml();
        assertTrue(vcrDump.contains("\n  LR_STEP: '14,18'\n"), vcrDump);
        assertTrue(vcrDump.contains("\n  FP16_LOSS_SCALE: 'dynamic'\n"), vcrDump);
    }

    private static InputStream resource(String name) {
        InputStream in = ReferenceConfigsTest.class.getResourceAsStream(name);
        assertNotNull(in, "missing test resource " + name);
        return in;
    }

    /** Path of the first difference (numbers compared by value, 10 == 10.0), or null. */
    static String firstDifference(String path, JsonNode expected, JsonNode actual) {
        if (expected.isNumber() && actual.isNumber()) {
            return expected.doubleValue() == actual.doubleValue() ? null
                    : path + ": expected " + expected + ", got " + actual;
        }
        if (expected.isObject() && actual.isObject()) {
            if (expected.size() != actual.size()) {
                return path + ": expected keys " + names(expected) + ", got " + names(actual);
            }
            for (Iterator<String> it = expected.fieldNames(); it.hasNext(); ) {
                String key = it.next();
                if (!actual.has(key)) {
                    return path + "." + key + ": missing";
                }
                String d = firstDifference(path + "." + key, expected.get(key), actual.get(key));
                if (d != null) {
                    return d;
                }
            }
            return null;
        }
        if (expected.isArray() && actual.isArray()) {
            if (expected.size() != actual.size()) {
                return path + ": expected " + expected + ", got " + actual;
            }
            for (int i = 0; i < expected.size(); i++) {
                String d = firstDifference(path + "[" + i + "]", expected.get(i), actual.get(i));
                if (d != null) {
                    return d;
                }
            }
            return null;
        }
        return expected.equals(actual) ? null : path + ": expected " + expected + ", got " + actual;
    }

    private static List<String> names(JsonNode node) {
        List<String> out = new java.util.ArrayList<>();
        node.fieldNames().forEachRemaining(out::add);
        return out;
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

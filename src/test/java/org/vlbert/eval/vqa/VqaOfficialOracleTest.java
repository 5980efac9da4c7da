package org.vlbert.eval.vqa;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.vlbert.testutil.SharedFixtures;

/** Every expected file of shared/fixtures/oracles/vqa_eval, for both revisions. */
class VqaOfficialOracleTest {
    private static final List<String> PREDICTIONS = List.of("majority", "normalized_variants", "minority", "wrong", "mixed");
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static Path dir;
    private static VqaDataset dataset;

    @BeforeAll
    static void load() {
        dir = SharedFixtures.fixture("oracles", "vqa_eval");
        dataset = VqaDataset.load(dir.resolve("questions.json"), dir.resolve("annotations.json"));
    }

    static Stream<Arguments> cases() {
        List<Arguments> cases = new ArrayList<>();
        for (VqaRevision revision : VqaRevision.values()) {
            for (String name : PREDICTIONS) {
                cases.add(Arguments.of(revision, name));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}/{1}")
    @MethodSource("cases")
    void matchesOfficialOutput(VqaRevision revision, String name) throws IOException {
        VqaResults results = VqaResults.load(dir.resolve("predictions").resolve(name + ".json"), dataset);
        String actual = VqaEvaluator.evaluate(dataset, results, revision).toJson();
        String expected = Files.readString(dir.resolve("expected").resolve(revision.cliName()).resolve(name + ".json"),
                StandardCharsets.UTF_8);
        // Parsed trees compare numbers exactly (as doubles) and give a readable diff on failure ...
        JsonNode expectedTree = MAPPER.readTree(expected);
        JsonNode actualTree = MAPPER.readTree(actual);
        assertEquals(expectedTree, actualTree);
        // ... and the text (key order, number format, layout) is byte-identical too.
        assertEquals(expected, actual + "\n");
    }

    @Test
    void overallAccuraciesOfMetaJson() throws IOException {
        JsonNode overall = MAPPER.readTree(dir.resolve("meta.json").toFile()).get("overall_accuracy");
        for (String name : PREDICTIONS) {
            VqaResults results = VqaResults.load(dir.resolve("predictions").resolve(name + ".json"), dataset);
            for (VqaRevision revision : VqaRevision.values()) {
                assertEquals(overall.get(name).get(revision.cliName()).doubleValue(),
                        VqaEvaluator.evaluate(dataset, results, revision).overall(), name + "/" + revision);
            }
        }
    }
}

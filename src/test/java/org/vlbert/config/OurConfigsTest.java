package org.vlbert.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.vlbert.testutil.RepoRoot;

/** The configs shipped in cfgs/: all load and round-trip; the tiny demos have the promised settings. */
class OurConfigsTest {

    static Stream<Path> ourFiles() throws IOException {
        try (Stream<Path> files = Files.walk(RepoRoot.cfgs())) {
            return files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList().stream();
        }
    }

    @ParameterizedTest
    @MethodSource("ourFiles")
    void loadsAndRoundTrips(Path file) {
        VlbertConfig config = ConfigLoader.load(file);
        assertEquals(Task.parse(file.getParent().getFileName().toString()), config.task());
        VlbertConfig again = ConfigLoader.fromString(config.toYaml(), "dump", config.task(), List.of());
        assertEquals(config, again);
    }

    @ParameterizedTest
    @CsvSource({"vqa/demo_tiny, 1, 1e-3, 10", "vcr/demo_tiny, 1, 2e-3, 5", "refcoco/demo_tiny, 1, 1e-3, 3",
            "pretrain/demo_tiny, 2, 1e-3, 3", "pretrain/demo_tiny_captions, 1, 1e-3, 3"})
    void demoConfigsAreTinyAndWarningFree(String demo, int datasets, double effectiveLr, int epochs) {
        VlbertConfig config = ConfigLoader.load(RepoRoot.cfgs().resolve(demo + ".yaml"));
        assertEquals(List.of(), config.warnings());
        VlbertCoreConfig core = config.vlbert();
        assertEquals(List.of(64, 2, 2, 128, 64, 1000), List.of(core.hiddenSize(), core.numHiddenLayers(),
                core.numAttentionHeads(), core.intermediateSize(), core.visualSize(), core.vocabSize()));
        assertEquals(64, config.network().imageFinalDim());
        assertEquals(epochs, config.train().endEpoch());
        assertEquals(datasets, config.datasets().size());
        assertEquals(effectiveLr, config.train().baseLr(1), effectiveLr * 1e-12);
        assertEquals("./runs/demo-data", config.dataset().rootPath());
        assertFalse(config.dataset().datasetPath().isEmpty());
    }

    @Test
    void vqaDemoHas32AnswersAndBatch16() {
        VlbertConfig config = ConfigLoader.load(RepoRoot.cfgs().resolve("vqa/demo_tiny.yaml"));
        assertEquals(32, config.dataset().answerVocabSize());
        assertEquals(List.of(16), config.train().batchImages());
        assertEquals(6.25e-5, config.train().lr());
    }
}

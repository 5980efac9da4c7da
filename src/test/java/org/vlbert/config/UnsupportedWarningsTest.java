package org.vlbert.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.vlbert.testutil.RepoRoot;
import org.vlbert.testutil.SharedFixtures;

/** Unsupported features are accepted and reported once, naming every key involved; harmless keys are silent. */
class UnsupportedWarningsTest {

    @Test
    void endToEndVcrRecipeIsSupportedExceptItsCnnRegulariser() {
        Path file = SharedFixtures.referenceCfgs().resolve("vcr/base_q2a_4x16G_fp32.yaml");
        assertEquals(List.of(
                file + ":68: NETWORK.ENABLE_CNN_REG_LOSS=true is not supported yet (the CNN object-classification "
                        + "regulariser loss); accepted but without effect, as are NETWORK.CNN_LOSS_TOP"),
                ConfigLoader.load(file).warnings());
    }

    @Test
    void endToEndVqaNamesEveryResNetKeyOnce() {
        VlbertConfig c = ConfigLoader.fromString("NETWORK:\n  IMAGE_FEAT_PRECOMPUTED: false\n  IMAGE_NUM_LAYERS: 101\n"
                + "DATASET:\n  USE_IMDB: false\n", "q.yaml", Task.VQA, List.of());
        assertEquals(List.of("q.yaml:2: NETWORK.IMAGE_FEAT_PRECOMPUTED=false is not supported yet (end-to-end "
                + "ResNet image features; precomputed region features are required); accepted but without effect, as "
                + "are NETWORK.IMAGE_NUM_LAYERS"), c.warnings());
    }

    @Test
    void endToEndPretrainingRecipesAreSupported() {
        for (String recipe : List.of("base_e2e_16x16G_fp16.yaml", "large_e2e_16x16G_fp16.yaml")) {
            Path file = SharedFixtures.referenceCfgs().resolve("pretrain").resolve(recipe);
            assertEquals(List.of(), ConfigLoader.load(file).warnings(), recipe);
        }
    }

    @Test
    void overrideThatRequestsAFeatureIsNamedAsTheSource() {
        VlbertConfig c = ConfigLoader.load(RepoRoot.cfgs().resolve("vqa/demo_tiny.yaml"), null,
                List.of("NETWORK.BLIND=true"));
        assertEquals(List.of("--set NETWORK.BLIND=true: NETWORK.BLIND=true is not supported yet (image-blind "
                + "models); accepted but without effect"), c.warnings());
    }

    @Test
    void settingsOfAFeatureThatIsNotRequestedAreSilent() {
        // the VQA recipe uses precomputed features, so its ResNet settings change nothing, here or in the original
        assertEquals(List.of(), ConfigLoader.load(SharedFixtures.referenceCfgs().resolve("vqa/base_4x16G_fp32.yaml"))
                .warnings());
    }

    @Test
    void harmlessKeysAreSilent() {
        VlbertConfig c = ConfigLoader.load(RepoRoot.cfgs().resolve("vqa/demo_tiny.yaml"), null,
                List.of("GPUS=0,1,2,3", "NETWORK.BERT_FROZEN=false", "VAL_FREQUENT=5", "NUM_WORKERS_PER_GPU=0"));
        assertEquals(List.of(), c.warnings());
    }

    @Test
    void datasetListEntriesAreReportedPerEntry() {
        VlbertConfig c = ConfigLoader.fromString("DATASET:\n- DATASET: conceptual_captions\n  ZIP_MODE: true\n"
                + "- DATASET: general_corpus\n  ZIP_MODE: true\nNETWORK:\n  IMAGE_FEAT_PRECOMPUTED: true\n"
                + "  WITH_REL_LOSS: false\n", "p.yaml", Task.PRETRAIN, List.of());
        assertEquals(List.of("p.yaml:3: DATASET[0].ZIP_MODE=true and DATASET[1].ZIP_MODE=true are not supported yet "
                + "(reading the original data from zip archives); accepted but without effect"), c.warnings());
    }

    static List<Path> allConfigs() throws java.io.IOException {
        List<Path> out = new java.util.ArrayList<>(ReferenceConfigsTest.referenceFiles().toList());
        out.addAll(OurConfigsTest.ourFiles().toList());
        return out;
    }

    @ParameterizedTest
    @MethodSource("allConfigs")
    void noKeyIsReportedTwice(Path file) {
        String all = String.join("\n", ConfigLoader.load(file).warnings());
        Matcher m = Pattern.compile("[A-Z]+(\\[\\d+])?(\\.[A-Za-z_0-9]+)+").matcher(all);
        List<String> keys = new java.util.ArrayList<>();
        while (m.find()) {
            keys.add(m.group());
        }
        assertEquals(keys.stream().distinct().toList(), keys, all);
        assertTrue(all.isEmpty() || all.contains("not supported yet"));
    }
}

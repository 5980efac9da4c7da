package org.vlbert.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.vlbert.testutil.SharedFixtures;

/** The typed views give the values later code needs, with the reference's LR scaling. */
class ViewsTest {
    private static VlbertConfig reference(String name) {
        return ConfigLoader.load(SharedFixtures.referenceCfgs().resolve(name));
    }

    @Test
    void vqaBase() {
        VlbertConfig c = reference("vqa/base_4x16G_fp32.yaml");
        VlbertCoreConfig v = c.vlbert();
        assertEquals(List.of(30522, 768, 768, 12, 12, 3072, 512, 3), List.of(v.vocabSize(), v.hiddenSize(),
                v.visualSize(), v.numHiddenLayers(), v.numAttentionHeads(), v.intermediateSize(),
                v.maxPositionEmbeddings(), v.typeVocabSize()));
        assertEquals(64, v.headSize());
        assertEquals("gelu", v.hiddenAct());
        assertEquals(0.1, v.hiddenDropoutProb());
        assertEquals(true, v.visualLn());
        assertEquals(false, v.withPooler());
        TrainConfig t = c.train();
        assertEquals(TrainConfig.Optimizer.ADAMW, t.optimizer());
        assertEquals(TrainConfig.LrSchedule.TRIANGLE, t.lrSchedule());
        assertEquals(1.6e-4, t.baseLr(4), 1e-18); // training.md §4: 6.25e-7 x 4 x 64
        assertEquals(500, t.effectiveWarmupSteps());
        assertEquals(LossScale.fixed(128.0), t.fp16LossScale());
        assertEquals(List.of(new LossLogger("ans_loss", "AnsLoss")), t.lossLoggers());
        assertEquals("mlm", c.network().classifierType());
        assertEquals(true, c.network().classifierPretrained());
        assertEquals(new PrefixChange("vlbert.mlm_head.predictions.transform", "final_mlp.0"),
                c.network().partialPretrainPrefixChanges().get(0));
        assertEquals("10-100ada", c.dataset().boxes());
        assertEquals(new LoaderConfig(false, 0.0, List.of(64)), c.val());
        assertEquals("base_4x16G_fp32", c.name());
        assertEquals(true, c.general().seeded());
    }

    @Test
    void vcrLargeUsesSgdStepsAndDynamicLossScale() {
        TrainConfig t = reference("vcr/large_q2a_4x16G_fp16.yaml").train();
        assertEquals(TrainConfig.Optimizer.SGD, t.optimizer());
        assertEquals(TrainConfig.LrSchedule.STEP, t.lrSchedule()); // not in the yaml: the config.py default
        assertEquals(List.of(14.0, 18.0), t.lrStep());
        assertEquals(4.48e-3, t.baseLr(4), 1e-15);
        assertEquals(LossScale.dynamicScale(), t.fp16LossScale());
        assertEquals(TrainConfig.WarmupMethod.LINEAR, t.warmupMethod());
    }

    @Test
    void pretrainingMultitaskHasTwoDatasetsAndPerDatasetBatches() {
        VlbertConfig c = reference("pretrain/base_prec_4x16G_fp32.yaml");
        assertEquals(List.of("conceptual_captions", "general_corpus"),
                c.datasets().stream().map(DatasetConfig::dataset).toList());
        assertEquals("conceptual_captions", c.dataset().dataset());
        assertEquals(List.of(32, 32), c.train().batchImages());
        assertEquals(2.56e-5, c.train().baseLr(4), 1e-18);
        assertEquals(List.of(32, 32), c.test().batchImages());
        assertEquals(1601, c.vlbert().visualRegionClasses());
        assertEquals(List.of(true, true, false), List.of(c.network().withMlmLoss(), c.network().withMvrcLoss(),
                c.network().withRelLoss()));
    }

    @Test
    void hashIsStableAndFollowsValues() {
        VlbertConfig a = reference("vqa/base_4x16G_fp32.yaml");
        VlbertConfig b = ConfigLoader.load(SharedFixtures.referenceCfgs().resolve("vqa/base_4x16G_fp32.yaml"), null,
                List.of("TRAIN.LR=6.25e-7"));
        assertEquals(a.hash(), b.hash());
        assertEquals(64, a.hash().length());
        VlbertConfig c = ConfigLoader.load(SharedFixtures.referenceCfgs().resolve("vqa/base_4x16G_fp32.yaml"), null,
                List.of("TRAIN.LR=1e-6"));
        assertNotEquals(a.hash(), c.hash());
        assertNotEquals(a, c);
    }

    @Test
    void unusualStringsSurviveTheDump() {
        VlbertConfig c = ConfigLoader.fromString("MODEL_PREFIX: \"it's a \\\"test\\\"\\n\\tü #1: x\"\n"
                + "OUTPUT_PATH: 'yes'\nGPUS: '0'\n", "x.yaml", Task.VQA, List.of());
        VlbertConfig again = ConfigLoader.fromString(c.toYaml(), "dump", Task.VQA, List.of());
        assertEquals("it's a \"test\"\n\tü #1: x", again.general().modelPrefix());
        assertEquals("yes", again.general().outputPath());
        assertEquals(c, again);
    }

    @Test
    void lossLoggersReadAsStringsOrAsTheReferenceDumpsSplitPairs() {
        VlbertConfig strings = ConfigLoader.fromString("TRAIN:\n  LOSS_LOGGERS: ['ans_loss,AnsLoss']\n", "s.yaml",
                Task.VQA, List.of());
        VlbertConfig pairs = ConfigLoader.fromString("TRAIN:\n  LOSS_LOGGERS:\n  - - ans_loss\n    - AnsLoss\n",
                "p.yaml", Task.VQA, List.of());
        assertEquals(List.of(new LossLogger("ans_loss", "AnsLoss")), pairs.train().lossLoggers());
        assertEquals(strings, pairs);
    }
}

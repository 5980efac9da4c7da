package org.vlbert.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code --set KEY=VALUE}: typed values, order, sections and pretraining dataset lists. */
class OverridesTest {
    private static final String VQA = "DATASET:\n  DATASET: vqa\nTRAIN:\n  LR: 0.5\n";
    private static final String PRETRAIN = "DATASET:\n- DATASET: conceptual_captions\n  SEQ_LEN: 40\n"
            + "- DATASET: general_corpus\nTRAIN:\n  BATCH_IMAGES: [4, 4]\n";

    private static VlbertConfig vqa(String... overrides) {
        return ConfigLoader.fromString(VQA, "x.yaml", Task.VQA, List.of(overrides));
    }

    @Test
    void numbersIncludingExponentsWithoutDot() {
        VlbertConfig c = vqa("TRAIN.LR=1e-4", "TRAIN.WD=0", "TRAIN.CLIP_GRAD_NORM=10", "NETWORK.VLBERT.num_hidden_layers=2");
        assertEquals(1e-4, c.getDouble("TRAIN.LR"));
        assertEquals(0.0, c.getDouble("TRAIN.WD"));
        assertEquals(10.0, c.getDouble("TRAIN.CLIP_GRAD_NORM"));
        assertEquals(2, c.getInt("NETWORK.VLBERT.num_hidden_layers"));
    }

    @Test
    void quotedNumbersInTheFileAreNumbersToo() {
        VlbertConfig c = ConfigLoader.fromString("TRAIN:\n  LR: '1e-4'\n  END_EPOCH: \"7\"\n", "x.yaml", Task.VQA,
                List.of());
        assertEquals(1e-4, c.getDouble("TRAIN.LR"));
        assertEquals(7, c.getInt("TRAIN.END_EPOCH"));
    }

    @Test
    void booleansListsAndStrings() {
        VlbertConfig c = vqa("TRAIN.FP16=true", "NETWORK.VLBERT.visual_ln=no", "SCALES=[600,1200]",
                "NETWORK.PIXEL_MEANS=[1, 2.5, 3]", "GPUS=0", "MODULE=ResNetVLBERT", "DATASET.DATASET_PATH=./my data",
                "NETWORK.PARTIAL_PRETRAIN=", "MODEL_PREFIX=a=b", "TRAIN.LR_STEP=14,18", "TRAIN.FP16_LOSS_SCALE=dynamic",
                "NETWORK.PARTIAL_PRETRAIN_PREFIX_CHANGES=[vlbert->vlbert, module.vlbert->module.vlbert]");
        assertEquals(true, c.getBool("TRAIN.FP16"));
        assertEquals(false, c.vlbert().visualLn());
        assertEquals(List.of(600, 1200), c.general().scales());
        assertEquals(List.of(1.0, 2.5, 3.0), c.getList("NETWORK.PIXEL_MEANS", Double.class));
        assertEquals("0", c.general().gpus());
        assertEquals("ResNetVLBERT", c.general().module());
        assertEquals("./my data", c.dataset().datasetPath());
        assertEquals("", c.network().partialPretrain());
        assertEquals("a=b", c.general().modelPrefix());
        assertEquals(List.of(14.0, 18.0), c.train().lrStep());
        assertEquals(LossScale.dynamicScale(), c.train().fp16LossScale());
        assertEquals(List.of(new PrefixChange("vlbert", "vlbert"), new PrefixChange("module.vlbert", "module.vlbert")),
                c.network().partialPretrainPrefixChanges());
    }

    @Test
    void overridesApplyAfterTheFileAndInOrder() {
        assertEquals(0.5, vqa().getDouble("TRAIN.LR"));
        assertEquals(0.25, vqa("TRAIN.LR=0.1", "TRAIN.LR=0.25").getDouble("TRAIN.LR"));
    }

    @Test
    void aSectionCanBeOverriddenWithAFlowMapping() {
        VlbertConfig c = vqa("TRAIN={LR: 0.125, WD: 0}");
        assertEquals(0.125, c.train().lr());
        assertEquals(0.0, c.train().wd());
    }

    @Test
    void datasetListEntriesAreAddressedByIndex() {
        VlbertConfig c = ConfigLoader.fromString(PRETRAIN, "p.yaml", Task.PRETRAIN,
                List.of("DATASET[1].SEQ_LEN=32", "DATASET.0.MIN_SEQ_LEN=5"));
        assertEquals(List.of(40, 32), c.datasets().stream().map(DatasetConfig::seqLen).toList());
        assertEquals(List.of(5, 0), c.datasets().stream().map(DatasetConfig::minSeqLen).toList());
        assertEquals("--set DATASET.SEQ_LEN=1: DATASET is a list of 2 datasets in this config; set one entry's key, "
                + "e.g. DATASET[0].SEQ_LEN",
                assertThrows(ConfigException.class, () -> ConfigLoader.fromString(PRETRAIN, "p.yaml", Task.PRETRAIN,
                        List.of("DATASET.SEQ_LEN=1"))).getMessage());
        assertEquals("--set DATASET[2].SEQ_LEN=1: DATASET has 2 entries, there is no DATASET[2]",
                assertThrows(ConfigException.class, () -> ConfigLoader.fromString(PRETRAIN, "p.yaml", Task.PRETRAIN,
                        List.of("DATASET[2].SEQ_LEN=1"))).getMessage());
        assertEquals("--set DATASET[0].BOXES=36: DATASET is a single mapping in this config, not a list; write "
                + "DATASET.BOXES", assertThrows(ConfigException.class, () -> vqa("DATASET[0].BOXES=36")).getMessage());
    }

    @Test
    void listEntriesAreCompletedFromTheDatasetTemplate() {
        VlbertConfig c = ConfigLoader.fromString(PRETRAIN, "p.yaml", Task.PRETRAIN, List.of());
        assertEquals(true, c.hasDatasetList());
        assertEquals(List.of("conceptual_captions", "general_corpus"),
                c.datasets().stream().map(DatasetConfig::dataset).toList());
        assertEquals(64, c.datasets().get(1).seqLen()); // pretrain config.py default
        assertEquals(List.of(4, 4), c.train().batchImages());
        assertEquals(8, c.train().batchImagesSum());
    }

    @Test
    void explicitTaskChoosesTheSchema() {
        VlbertConfig vcr = ConfigLoader.fromString("TRAIN:\n  LR: 0.1\n", "x.yaml", Task.VCR, List.of());
        assertEquals(7, vcr.getInt("DATASET.LABEL_INDEX_IN_BATCH")); // the vcr default
        assertEquals(1, vcr.vlbert().objectWordEmbedMode());
        assertEquals(true, vcr.vlbert().withPooler());
        VlbertConfig vqa = ConfigLoader.fromString("TRAIN:\n  LR: 0.1\n", "x.yaml", Task.VQA, List.of());
        assertEquals(-1, vqa.getInt("DATASET.LABEL_INDEX_IN_BATCH"));
        assertEquals(false, vqa.vlbert().withPooler());
    }
}

package org.vlbert.tasks.pretrain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vlbert.cli.VlbertException;
import org.vlbert.config.ConfigLoader;
import org.vlbert.config.VlbertConfig;
import org.vlbert.data.demo.DemoData;
import org.vlbert.graphs.GraphBuilder;
import org.vlbert.graphs.ir.Value;
import org.vlbert.graphs.model.Dropout;
import org.vlbert.graphs.model.TaskGraph;
import org.vlbert.graphs.model.vlbert.PretrainModel;
import org.vlbert.graphs.tensor.HostTensor;
import org.vlbert.tasks.ModelFactory;
import org.vlbert.tasks.SpecialTokens;
import org.vlbert.tasks.TaskData;
import org.vlbert.tasks.TaskDataFactory;
import org.vlbert.tasks.metrics.CompositeMetrics;
import org.vlbert.tasks.metrics.EvalMetric;
import org.vlbert.testutil.RepoRoot;
import org.vlbert.train.BatchStream;

/**
 * The shipped caption-only pretraining config ({@code base_prec_withouttextonly_4x16G_fp32.yaml},
 * MODULE ResNetVLBERTForPretraining): its model and data plug-in, and the errors for a MODULE that
 * does not fit the DATASET.
 */
class CaptionOnlyPretrainingTest {
    private static final Path SHIPPED = RepoRoot.cfgs().resolve("pretrain/base_prec_withouttextonly_4x16G_fp32.yaml");

    @TempDir
    static Path data;

    @BeforeAll
    static void generate() {
        DemoData.generate(data, new DemoData.Settings(12, 4, 20, 3, 512, 3), EnumSet.of(DemoData.Task.PRETRAIN));
    }

    private static VlbertConfig shipped(String... more) {
        List<String> set = new ArrayList<>(List.of("DATASET.DATASET_PATH=" + data, "NETWORK.BERT_MODEL_NAME=" + data,
                "NETWORK.VLBERT.visual_region_classes=8", "TRAIN.BATCH_IMAGES=4", "VAL.BATCH_IMAGES=4"));
        set.addAll(List.of(more));
        return ConfigLoader.load(SHIPPED, null, set);
    }

    @Test
    void theShippedConfigBuildsTheCaptionOnlyModel() {
        VlbertConfig cfg = ConfigLoader.load(SHIPPED);
        assertEquals(PretrainModel.Module.CAPTIONS_ONLY, PretrainModules.of(cfg));
        TaskGraph model = ModelFactory.create(cfg, SpecialTokens.BERT);
        assertEquals(PretrainModel.Module.CAPTIONS_ONLY, ((PretrainModel) model).module());
        GraphBuilder b = new GraphBuilder();
        TaskGraph.Result r = model.build(b, Dropout.none(), true);
        assertEquals(List.of("boxes", "im_info", "text", "mlm_labels", "mvrc_ops", "mvrc_labels"),
                b.graph().inputs().stream().map(Value::name).toList());
        assertEquals(List.of("relationship_loss", "mlm_loss", "mvrc_loss"), List.copyOf(r.lossTerms().keySet()));
        // The reference state dict: 218 keys of the multitask module, minus aux_text_visual_embedding,
        // minus the tied decoder (listed twice there, one parameter here).
        assertEquals(216, b.graph().params().size());
        assertFalse(b.graph().params().containsKey("aux_text_visual_embedding.weight"));
        assertTrue(b.graph().params().containsKey("object_mask_visual_embedding.weight"));
    }

    @Test
    void theShippedConfigReadsCaptionBatchesAloneAndReportsMlmAcc() {
        try (TaskData d = TaskDataFactory.open(shipped())) {
            BatchStream train = d.train(0, 1, 3);
            assertEquals(4, train.batchSize());
            Map<String, HostTensor> batch = train.epoch(0, 0).next();
            assertEquals(List.of("boxes", "im_info", "text", "relationship_label", "mlm_labels", "mvrc_ops",
                    "mvrc_labels"), List.copyOf(batch.keySet()));
            assertEquals(4, batch.get("text").shape()[0]);
            assertEquals(8, batch.get("mvrc_labels").shape()[2]);
            CompositeMetrics metrics = (CompositeMetrics) d.trainMetrics();
            assertEquals(List.of("MLMAcc", "MVRCAccuracy", "MLMLossWVC", "MVRCLoss"),
                    metrics.metrics().stream().map(EvalMetric::name).toList());
            assertEquals("MLMAcc", metrics.hostMetric());
            assertTrue(metrics.outputs().contains(PretrainModel.MLM_PRED), metrics.outputs().toString());
        }
    }

    @Test
    void aModuleThatDoesNotFitTheDatasetIsRefused() {
        VlbertException multitask = assertThrows(VlbertException.class,
                () -> TaskDataFactory.open(shipped("MODULE=" + PretrainModules.MULTITASK)));
        assertTrue(multitask.getMessage().contains("needs DATASET as a list of two entries, conceptual_captions then"
                + " general_corpus"), multitask.getMessage());
        assertTrue(multitask.getMessage().contains("use MODULE ResNetVLBERTForPretraining"), multitask.getMessage());

        VlbertConfig listed = ConfigLoader.load(RepoRoot.cfgs().resolve("pretrain/demo_tiny.yaml"), null,
                List.of("MODULE=" + PretrainModules.CAPTIONS_ONLY));
        VlbertException captions = assertThrows(VlbertException.class, () -> TaskDataFactory.open(listed));
        assertTrue(captions.getMessage().contains("DATASET must be a single conceptual_captions mapping"),
                captions.getMessage());

        VlbertException vis = assertThrows(VlbertException.class,
                () -> PretrainModules.of(shipped("MODULE=ResNetVLBERTForAttentionVis")));
        assertTrue(vis.getMessage().contains("does not train"), vis.getMessage());
        VlbertException unknown = assertThrows(VlbertException.class,
                () -> PretrainModules.of(shipped("MODULE=ResNetVLBERT")));
        assertTrue(unknown.getMessage().contains("MODULE 'ResNetVLBERT' is not a pretraining module"),
                unknown.getMessage());
    }

    @Test
    void withoutModuleTheDatasetDecides() {
        assertEquals(PretrainModel.Module.CAPTIONS_ONLY, PretrainModules.of(shipped("MODULE=")));
        assertEquals(PretrainModel.Module.MULTITASK, PretrainModules.of(ConfigLoader.load(
                RepoRoot.cfgs().resolve("pretrain/demo_tiny.yaml"), null, List.of("MODULE="))));
    }
}

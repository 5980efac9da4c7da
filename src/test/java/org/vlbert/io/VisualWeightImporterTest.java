package org.vlbert.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.vlbert.graphs.GraphBuilder;
import org.vlbert.graphs.ir.Shape;
import org.vlbert.graphs.model.visual.PixelRegionFeatures;
import org.vlbert.graphs.model.visual.ResNetSpec;
import org.vlbert.graphs.tensor.DType;
import org.vlbert.graphs.tensor.HostTensor;

/** Mapping of the reference's ResNet file and of VL-BERT e2e checkpoints onto the visual parameters. */
class VisualWeightImporterTest {
    private static final String BACKBONE = "image_feature_extractor.backbone.";
    private static final String HEAD = "image_feature_extractor.roi_head_feature_extractor.";

    /** Parameter names and shapes of the ResNet-101 pixel path, plus one non-visual parameter. */
    static Map<String, long[]> target() {
        GraphBuilder b = new GraphBuilder();
        PixelRegionFeatures.roiFeatures(b, ResNetSpec.reference(),
                b.input("image", DType.FLOAT, Shape.of("b", 3, "h", "w")), b.input("rois", DType.FLOAT, Shape.of("k", 4)),
                b.input("idx", DType.INT64, Shape.of("k")), null);
        Map<String, long[]> t = new LinkedHashMap<>();
        b.graph().params().values().forEach(p -> t.put(p.name(), p.shape()));
        t.put("image_feature_extractor.obj_downsample.1.weight", new long[] {8, 4096});
        return t;
    }

    /** Value = a tag so the test can tell which source tensor landed where. */
    private static HostTensor tagged(long[] shape, float tag) {
        HostTensor t = HostTensor.allocate(DType.FLOAT, shape);
        t.floatView().put(0, tag);
        return t;
    }

    /** A torchvision ResNet-101 state dict as the reference's pretrained file holds it (with layer4 and fc). */
    static Map<String, HostTensor> resnetFile(Map<String, long[]> target) {
        Map<String, HostTensor> sd = new LinkedHashMap<>();
        float tag = 1;
        for (Map.Entry<String, long[]> e : target.entrySet()) {
            String k = e.getKey();
            if (k.startsWith(BACKBONE)) {
                sd.put(k.substring(BACKBONE.length()), tagged(e.getValue(), tag++));
            } else if (k.startsWith(HEAD)) {
                sd.put("layer4." + k.substring(HEAD.length()), tagged(e.getValue(), tag++));
            }
        }
        sd.put("bn1.num_batches_tracked", HostTensor.ofLongs(new long[0], 0));
        sd.put("layer4.0.bn1.num_batches_tracked", HostTensor.ofLongs(new long[0], 0));
        sd.put("fc.weight", tagged(new long[] {1000, 2048}, -1));
        sd.put("fc.bias", tagged(new long[] {1000}, -1));
        return sd;
    }

    @Test
    void pretrainedResNetFillsBackboneAndHeadFromLayer4() {
        Map<String, long[]> target = target();
        Map<String, HostTensor> file = resnetFile(target);
        ImportResult r = VisualWeightImporter.fromResNet(file, target);
        r.requireNoMismatches();
        assertEquals(520, r.loaded().size());
        assertEquals(List.of(), r.missing(), "only the backbone and head are this file's business");
        assertEquals(List.of("fc.weight", "fc.bias"), r.unexpected());
        assertEquals("layer4.2.conv3.weight", r.sources().get(HEAD + "2.conv3.weight"));
        assertEquals("conv1.weight", r.sources().get(BACKBONE + "conv1.weight"));
        assertEquals(file.get("layer3.22.bn2.running_var").floatView().get(0),
                r.tensors().get(BACKBONE + "layer3.22.bn2.running_var").floatView().get(0));
        assertEquals("resnet101-pt-vgbua-0000.model",
                VisualWeightImporter.pretrainedFile("./model/pretrained_model/resnet101-pt-vgbua", 0).getFileName()
                        .toString());
        assertEquals(Path.of("x-0012.model"), VisualWeightImporter.pretrainedFile("x", 12));
    }

    @Test
    void backboneKeysAreOptionalButTheHeadIsStrict() {
        Map<String, long[]> target = target();
        Map<String, HostTensor> file = resnetFile(target);
        file.remove("layer1.0.conv1.weight");
        ImportResult r = VisualWeightImporter.fromResNet(file, target);
        r.requireNoMismatches();
        assertTrue(r.missing().contains(BACKBONE + "layer1.0.conv1.weight"));

        file.remove("layer4.1.bn2.running_mean");
        file.put("layer4.3.conv1.weight", tagged(new long[] {512, 2048, 1, 1}, 5));
        ImportResult bad = VisualWeightImporter.fromResNet(file, target);
        StateDictImportException e = assertThrows(StateDictImportException.class, bad::requireNoMismatches);
        assertTrue(e.getMessage().contains(HEAD + "1.bn2.running_mean"), e.getMessage());
        assertTrue(e.getMessage().contains("layer4.3.conv1.weight"), e.getMessage());
    }

    @Test
    void wrongShapesAreReported() {
        Map<String, long[]> target = target();
        Map<String, HostTensor> file = resnetFile(target);
        file.put("layer2.0.conv1.weight", tagged(new long[] {128, 256, 3, 3}, 1));
        StateDictImportException e = assertThrows(StateDictImportException.class,
                () -> VisualWeightImporter.fromResNet(file, target).requireNoMismatches());
        assertTrue(e.getMessage().contains(BACKBONE + "layer2.0.conv1.weight expects [128, 256, 1, 1]"), e.getMessage());
    }

    @Test
    void e2eCheckpointLoadsStrictlyAfterNormalising() {
        Map<String, long[]> target = target();
        Map<String, HostTensor> ckpt = new LinkedHashMap<>();
        float tag = 1;
        for (Map.Entry<String, long[]> e : target.entrySet()) {
            ckpt.put("module." + e.getKey(), tagged(e.getValue(), tag++));
            if (e.getKey().endsWith("running_var")) {
                String counter = e.getKey().replace("running_var", "num_batches_tracked");
                ckpt.put("module." + counter, HostTensor.ofLongs(new long[0], 7));
            }
            if (e.getKey().startsWith(HEAD)) {
                String alias = "module.image_feature_extractor.head.0." + e.getKey().substring(HEAD.length());
                ckpt.put(alias, tagged(e.getValue(), -tag));
            }
        }
        // The raw checkpoint does not fit a strict resume: aliases and counters have no parameter.
        ImportResult raw = StateDictImporter.importStateDict(ckpt, target, ImportOptions.resume());
        assertFalse(raw.strictViolations().isEmpty());

        Map<String, HostTensor> normal = VisualWeightImporter.normalise(ckpt);
        assertEquals(target.size(), normal.size());
        ImportResult r = StateDictImporter.importStateDict(normal, target, ImportOptions.resume());
        r.requireNoMismatches();
        assertEquals(target.size(), r.loaded().size());
        // The primary key wins over the alias.
        assertTrue(r.tensors().get(HEAD + "0.conv1.weight").floatView().get(0) > 0);
    }

    @Test
    void aliasAloneStandsInForTheHead() {
        Map<String, HostTensor> ckpt = new LinkedHashMap<>();
        ckpt.put("image_feature_extractor.head.0.1.conv2.weight", tagged(new long[] {512, 512, 3, 3}, 3));
        ckpt.put("vlbert.word_embeddings.weight", tagged(new long[] {4, 2}, 4));
        Map<String, HostTensor> normal = VisualWeightImporter.normalise(ckpt);
        assertEquals(List.of(HEAD + "1.conv2.weight", "vlbert.word_embeddings.weight"), List.copyOf(normal.keySet()));
        assertArrayEquals(new long[] {512, 512, 3, 3}, normal.get(HEAD + "1.conv2.weight").shape());
    }
}

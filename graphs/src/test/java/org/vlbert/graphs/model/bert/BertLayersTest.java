package org.vlbert.graphs.model.bert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.vlbert.graphs.GraphBuilder;
import org.vlbert.graphs.ir.Param;
import org.vlbert.graphs.ir.Shape;
import org.vlbert.graphs.ir.Value;
import org.vlbert.graphs.model.DropoutSite;
import org.vlbert.graphs.model.Mode;
import org.vlbert.graphs.model.ModelContext;
import org.vlbert.graphs.model.Scopes;
import org.vlbert.graphs.onnx.OnnxEmitter;
import org.vlbert.graphs.tensor.DType;
import org.vlbert.graphs.tensor.HostTensor;
import org.vlbert.graphs.testutil.GradCheck;
import org.vlbert.graphs.testutil.OrtRunner;

class BertLayersTest {
    private static final BertConfig SMALL = new BertConfig(8, 2, 12, 0.1f, 0.2f, 0.02, 1e-12f);

    private static List<String> layerParamNames(int i) {
        String p = "encoder.layer." + i + ".";
        List<String> out = new ArrayList<>();
        for (String m : List.of("attention.self.query", "attention.self.key", "attention.self.value",
                "attention.output.dense", "attention.output.LayerNorm", "intermediate.dense", "output.dense",
                "output.LayerNorm")) {
            out.add(p + m + ".weight");
            out.add(p + m + ".bias");
        }
        return out;
    }

    @Test
    void parametersCarryTheBertStateDictNamesInRegistrationOrder() {
        GraphBuilder b = new GraphBuilder();
        ModelContext ctx = new ModelContext(b, Mode.EVAL);
        BertLayers bert = new BertLayers(ctx, SMALL);
        Value h = b.input("h", DType.FLOAT, "batch", "seq", 8);
        Value m = b.input("mask", DType.INT64, "batch", "seq");
        bert.encoder(h, bert.attentionMask(m), 2);

        List<String> expected = new ArrayList<>(layerParamNames(0));
        expected.addAll(layerParamNames(1));
        assertEquals(expected, new ArrayList<>(b.graph().params().keySet()));
        Param q = b.graph().param("encoder.layer.1.attention.self.query.weight");
        assertEquals(List.of(8L, 8L), List.of(q.shape()[0], q.shape()[1]));
        Param inter = b.graph().param("encoder.layer.0.intermediate.dense.weight");
        assertEquals(List.of(12L, 8L), List.of(inter.shape()[0], inter.shape()[1]));
        assertEquals(0.02, q.init().b());
        assertEquals(1.0, b.graph().param("encoder.layer.0.output.LayerNorm.weight").init().a());
        assertTrue(ctx.dropoutSites().isEmpty(), "no dropout inputs outside TRAIN mode");
    }

    @Test
    void trainingModeCreatesOneMaskPerDropoutModule() {
        GraphBuilder b = new GraphBuilder();
        ModelContext ctx = new ModelContext(b, Mode.TRAIN);
        BertLayers bert = new BertLayers(ctx, SMALL);
        Value h = b.input("h", DType.FLOAT, "batch", "seq", 8);
        Value m = b.input("mask", DType.INT64, "batch", "seq");
        bert.encoder(h, bert.attentionMask(m), 1);

        List<DropoutSite> sites = ctx.dropoutSites();
        assertEquals(List.of("encoder.layer.0.attention.self.dropout", "encoder.layer.0.attention.output.dropout",
                "encoder.layer.0.output.dropout"), sites.stream().map(DropoutSite::site).toList());
        assertEquals("dropout.encoder.layer.0.attention.self.dropout", sites.get(0).inputName());
        assertEquals(0.2f, sites.get(0).p());
        assertEquals(Shape.of("batch", 2, "seq", "seq"), sites.get(0).shape());
        assertEquals(0.1f, sites.get(1).p());
        assertEquals(Shape.of("batch", "seq", 8), sites.get(2).shape());
        assertEquals(DType.BOOL, b.graph().inputs().stream()
                .filter(v -> v.name().equals(sites.get(2).inputName())).findFirst().orElseThrow().dtype());
    }

    @Test
    void oneLayerMatchesTheReferenceFormulas() {
        int batch = 2;
        int len = 5;
        GraphBuilder b = new GraphBuilder();
        BertLayers bert = new BertLayers(new ModelContext(b, Mode.EVAL), SMALL);
        Value h = b.input("h", DType.FLOAT, "batch", "seq", 8);
        Value m = b.input("mask", DType.INT64, "batch", "seq");
        Value out = Scopes.in(b, "l", () -> bert.layer(h, bert.attentionMask(m)));
        b.output("out", out);

        Map<String, HostTensor> feeds = new LinkedHashMap<>();
        long seed = 10;
        for (Param p : b.graph().params().values()) {
            feeds.put(p.name(), GradCheck.random(p.shape(), seed++, 0.6f));
        }
        HostTensor hv = GradCheck.random(new long[] {batch, len, 8}, 99, 2f);
        long[] mask = {1, 1, 1, 1, 1, 1, 1, 1, 0, 0};   // second sample: last two keys are padding
        feeds.put("h", hv);
        feeds.put("mask", HostTensor.ofLongs(new long[] {batch, len}, mask));
        float[] got;
        try (OrtRunner ort = new OrtRunner(new OnnxEmitter(b.graph()).emit(), 1)) {
            got = ort.run(feeds).get("out").toFloatArray();
        }

        BertReference ref = new BertReference(feeds, "l.", 8, 2, 1e-12);
        float[] hf = hv.toFloatArray();
        double worst = 0;
        for (int s = 0; s < batch; s++) {
            double[][] x = new double[len][8];
            long[] km = new long[len];
            for (int i = 0; i < len; i++) {
                km[i] = mask[s * len + i];
                for (int c = 0; c < 8; c++) {
                    x[i][c] = hf[(s * len + i) * 8 + c];
                }
            }
            double[][] y = ref.layer(x, km);
            for (int i = 0; i < len; i++) {
                for (int c = 0; c < 8; c++) {
                    worst = Math.max(worst, Math.abs(y[i][c] - got[(s * len + i) * 8 + c]));
                }
            }
        }
        assertTrue(worst < 2e-5, "max |ORT - reference| = " + worst);
    }
}

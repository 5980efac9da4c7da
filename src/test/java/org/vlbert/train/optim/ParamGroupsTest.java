package org.vlbert.train.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.vlbert.train.optim.OptimizerTestSupport.param;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.vlbert.testutil.TestBuffers;

class ParamGroupsTest {

    @Test
    void lrMultEntriesThenDefaultGroupAllDecayed() {
        Param emb = param("vlbert.word_embeddings.weight", 1.0);
        Param ln = param("vlbert.embedding_LayerNorm.bias", 1.0);
        Param head = param("final_mlp.1.weight", 1.0);
        List<ParamGroup> groups = ParamGroups.build(List.of(emb, ln, head),
                List.of(new LrMult("final_mlp", 10.0), new LrMult("embeddings", 0.5)), 1e-4, 1e-4);
        assertEquals(3, groups.size());
        assertEquals(List.of(head), groups.get(0).params());
        assertEquals(1e-3, groups.get(0).initialLr(), 1e-18);
        assertEquals(List.of(emb), groups.get(1).params());
        assertEquals(5e-5, groups.get(1).initialLr(), 1e-18);
        assertEquals(List.of(ln), groups.get(2).params());
        assertEquals(1e-4, groups.get(2).initialLr());
        for (ParamGroup g : groups) {
            assertEquals(1e-4, g.weightDecay(), "no weight-decay exclusions");
            assertEquals(g.initialLr(), g.lr());
        }
    }

    @Test
    void emptyLrMultGivesOneGroupWithEverything() {
        List<Param> ps = List.of(param("a", 1.0), param("b", 2.0));
        List<ParamGroup> groups = ParamGroups.build(ps, List.of(), 0.001, 0.01);
        assertEquals(1, groups.size());
        assertEquals(ps, groups.get(0).params());
    }

    @Test
    void parameterInTwoGroupsIsRejected() {
        OptimizerException e = assertThrows(OptimizerException.class, () -> ParamGroups.build(
                List.of(param("vlbert.encoder.layer.0.weight", 1.0)),
                List.of(new LrMult("encoder", 2), new LrMult("layer.0", 3)), 1, 0));
        assertTrue(e.getMessage().contains("'vlbert.encoder.layer.0.weight' matches two TRAIN.LR_MULT entries"), e.getMessage());
    }

    @Test
    void duplicateParameterNamesAreRejected() {
        Param a = param("a", 1.0);
        OptimizerException e = assertThrows(OptimizerException.class,
                () -> new AdamW(List.of(new ParamGroup("x", 1, 0, List.of(a)), new ParamGroup("y", 1, 0, List.of(param("a", 2.0))))));
        assertTrue(e.getMessage().contains("'a' appears more than once"), e.getMessage());
    }

    @Test
    void paramRequiresDirectNativeBuffersOfEqualLength() {
        FloatBuffer heap = FloatBuffer.wrap(new float[2]);
        IllegalArgumentException notDirect = assertThrows(IllegalArgumentException.class,
                () -> new Param("w", heap, null));
        assertTrue(notDirect.getMessage().contains("value of parameter w must be a direct FloatBuffer"));

        ByteOrder other = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        FloatBuffer swapped = ByteBuffer.allocateDirect(8).order(other).asFloatBuffer();
        IllegalArgumentException order = assertThrows(IllegalArgumentException.class,
                () -> new Param("w", TestBuffers.direct(1f, 2f), swapped));
        assertTrue(order.getMessage().contains("gradient of parameter w must be in native byte order"), order.getMessage());

        IllegalArgumentException size = assertThrows(IllegalArgumentException.class,
                () -> new Param("w", TestBuffers.direct(1f, 2f), TestBuffers.direct(1f)));
        assertTrue(size.getMessage().contains("has 1 elements but the parameter has 2"), size.getMessage());
    }

    @Test
    void paramViewsStartAtTheCallersPosition() {
        FloatBuffer big = TestBuffers.direct(1f, 2f, 3f, 4f);
        FloatBuffer gbig = TestBuffers.direct(0f, 0f, 0f, 0f);
        Param p = new Param("slice", big.position(2), gbig.position(2));
        assertEquals(2, p.size());
        assertEquals(3f, p.value().get(0));
        p.value().put(1, 9f);
        assertEquals(9f, big.get(3), "the view shares memory with the caller's buffer");
    }
}

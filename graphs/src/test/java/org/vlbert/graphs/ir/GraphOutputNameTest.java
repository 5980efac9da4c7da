package org.vlbert.graphs.ir;

import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.vlbert.graphs.GraphBuilder;
import org.vlbert.graphs.tensor.DType;

/** ONNX names graph outputs by value, so an output name must not belong to another value. */
class GraphOutputNameTest {
    @Test
    void outputNamedLikeAnotherValueIsRejected() {
        GraphBuilder b = new GraphBuilder();
        Value x = b.input("y", DType.FLOAT, 3);
        var e = assertThrows(IllegalArgumentException.class, () -> b.output("y", b.neg(x)));
        assertTrue(e.getMessage().contains("graph output name y"), e.getMessage());
    }

    @Test
    void outputNameIsReservedAgainstLaterValues() {
        GraphBuilder b = new GraphBuilder();
        Value x = b.input("x", DType.FLOAT, 3);
        b.output("Neg", x);
        Value n = b.neg(x);
        assertTrue(!n.name().equals("Neg"), "a later node took the output's name: " + n.name());
    }

    @Test
    void outputMayCarryItsValuesOwnName() {
        GraphBuilder b = new GraphBuilder();
        Value n = b.neg(b.input("x", DType.FLOAT, 3));
        b.output(n.name(), n);
        assertSame(n, b.graph().output(n.name()));
    }
}

package org.vlbert.eval.vqa;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Expected values are CPython's. */
class PythonFloatsTest {
    @Test
    void roundUsesTheExactBinaryValueAndHalfEven() {
        assertEquals(2.67, PythonFloats.round(2.675, 2)); // 2.675 is 2.67499999... in binary
        assertEquals(0.12, PythonFloats.round(0.125, 2)); // exact tie: half to even
        assertEquals(0.38, PythonFloats.round(0.375, 2));
        assertEquals(33.33, PythonFloats.round(100 * (1.0 / 3), 2));
        assertEquals(66.67, PythonFloats.round(100 * (2.0 / 3), 2));
        assertEquals(1.01, PythonFloats.round(1.005 + 1e-15, 2));
        assertEquals(-0.0, PythonFloats.round(-0.001, 2));
        assertEquals(100.0, PythonFloats.round(99.999, 2));
    }
}

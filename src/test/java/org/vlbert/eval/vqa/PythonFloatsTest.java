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

    @Test
    void reprIsShortestRoundTripInPythonLayout() {
        assertEquals("0.0", PythonFloats.repr(0.0));
        assertEquals("-0.0", PythonFloats.repr(-0.0));
        assertEquals("100.0", PythonFloats.repr(100.0));
        assertEquals("33.33", PythonFloats.repr(33.33));
        assertEquals("0.1", PythonFloats.repr(0.1));
        assertEquals("0.30000000000000004", PythonFloats.repr(0.1 + 0.2));
        assertEquals("0.0001", PythonFloats.repr(1e-4));
        assertEquals("1e-05", PythonFloats.repr(1e-5));
        assertEquals("1e+16", PythonFloats.repr(1e16));
        assertEquals("1234567890123456.0", PythonFloats.repr(1234567890123456.0));
        assertEquals("1.5e+300", PythonFloats.repr(1.5e300));
        assertEquals("5e-324", PythonFloats.repr(Double.MIN_VALUE));
        assertEquals("0.002", PythonFloats.repr(2e-3)); // JDK 17's Double.toString gives 0.0020
    }
}

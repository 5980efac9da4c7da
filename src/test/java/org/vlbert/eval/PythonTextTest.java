package org.vlbert.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Expected strings are what CPython 3 / numpy print for the same values. */
class PythonTextTest {
    @Test
    void reprOfDoublesIsShortestRoundTripWithPythonsLayout() {
        assertEquals("0.1", PythonText.repr(0.1));
        assertEquals("1e-05", PythonText.repr(1e-5));
        assertEquals("0.0001", PythonText.repr(1e-4));
        assertEquals("100.0", PythonText.repr(100.0));
        assertEquals("1e+16", PythonText.repr(1e16));
        assertEquals("-2.5", PythonText.repr(-2.5));
        assertEquals("12.300000190734863", PythonText.repr(12.3f)); // a float32 box value after .tolist()
        assertEquals("66.66666666666666", PythonText.repr(2 * 1.0 / 3 * 100.0));
    }

    @Test
    void reprOfEdgeValues() {
        assertEquals("0.0", PythonText.repr(0.0));
        assertEquals("-0.0", PythonText.repr(-0.0));
        assertEquals("100.0", PythonText.repr(100.0));
        assertEquals("33.33", PythonText.repr(33.33));
        assertEquals("0.1", PythonText.repr(0.1));
        assertEquals("0.30000000000000004", PythonText.repr(0.1 + 0.2));
        assertEquals("0.0001", PythonText.repr(1e-4));
        assertEquals("1e-05", PythonText.repr(1e-5));
        assertEquals("1e+16", PythonText.repr(1e16));
        assertEquals("1234567890123456.0", PythonText.repr(1234567890123456.0));
        assertEquals("1.5e+300", PythonText.repr(1.5e300));
        assertEquals("5e-324", PythonText.repr(Double.MIN_VALUE));
        assertEquals("0.002", PythonText.repr(2e-3)); // JDK 17's Double.toString gives 0.0020
    }

    @Test
    void float32TextIsNumpysShortestRepr() {
        assertEquals("0.1", PythonText.reprFloat32(0.1f));
        assertEquals("0.33333334", PythonText.reprFloat32(1f / 3));
        assertEquals("1.0", PythonText.reprFloat32(1f));
        assertEquals("0.25", PythonText.reprFloat32(0.25f));
        assertEquals("1.5e-05", PythonText.reprFloat32(1.5e-5f));
        // float32(1e-4) is just below 1e-4, so numpy switches to scientific notation
        assertEquals("1e-04", PythonText.reprFloat32(1e-4f));
        assertEquals("0.0", PythonText.reprFloat32(0f));
    }

    @Test
    void fixedRoundsTheExactBinaryValueHalfToEven() {
        assertEquals("6.2", PythonText.fixed(6.25, 1));   // exact tie: even digit (Java's %.1f gives 6.3)
        assertEquals("0.3", PythonText.fixed(0.35, 1));   // 0.35 is 0.34999... in binary
        assertEquals("75.0", PythonText.fixed(75.0, 1));
        assertEquals("0.12", PythonText.fixed(0.125, 2));
    }

    @Test
    void jsonStringsEscapeLikeJsonDumps() {
        assertEquals("\"caf\\u00e9 \\\"x\\\"\\n\"", PythonText.jsonString("café \"x\"\n"));
        assertEquals("\"<unk>\"", PythonText.jsonString("<unk>"));
    }
}

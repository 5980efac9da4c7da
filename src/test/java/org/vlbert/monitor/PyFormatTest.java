package org.vlbert.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Expected strings are Python 3's {@code '%.<d>f' % v} and {@code '%<w>d' % n}. */
class PyFormatTest {

    @Test
    void roundsTheExactBinaryValueHalfToEven() {
        assertEquals("0.12", PyFormat.fixed(0.125, 2));
        assertEquals("0.38", PyFormat.fixed(0.375, 2));
        assertEquals("2.67", PyFormat.fixed(2.675, 2), "2.675 is 2.67499999… in binary");
        assertEquals("2", PyFormat.fixed(2.5, 0));
        assertEquals("4", PyFormat.fixed(3.5, 0));
        assertEquals("123", PyFormat.fixed(123.456, 0));
        assertEquals("0.123456", PyFormat.f(0.1234565));
        assertEquals("0.000000", PyFormat.f(5e-7));
    }

    @Test
    void signsAndSpecialValues() {
        assertEquals("-0.00", PyFormat.fixed(-0.001, 2));
        assertEquals("-0.000000", PyFormat.f(-0.0));
        assertEquals("-0.000000", PyFormat.f(-5e-7));
        assertEquals("nan", PyFormat.f(Double.NaN));
        assertEquals("inf", PyFormat.fixed(Double.POSITIVE_INFINITY, 2));
        assertEquals("-inf", PyFormat.f(Double.NEGATIVE_INFINITY));
        assertEquals("100000000000000000000.000000", PyFormat.f(1e20));
    }

    @Test
    void paddedIntegers() {
        assertEquals(" 5", PyFormat.d(5, 2));
        assertEquals("59", PyFormat.d(59, 2));
        assertEquals("  3", PyFormat.d(3, 3));
        assertEquals("1234", PyFormat.d(1234, 3));
    }
}

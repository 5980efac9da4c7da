package org.vlbert.eval.vqa;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** Python's {@code round(x, n)} for floats, bit for bit ({@code repr} is {@link org.vlbert.eval.PythonText#repr}). */
final class PythonFloats {
    private PythonFloats() {}

    /**
     * {@code round(x, ndigits)}: the exact binary value rounded half-to-even to {@code ndigits}
     * decimals, then read back as the nearest double (CPython's {@code double_round}). Rounding the
     * decimal that Java prints instead would misround values such as 2.675 (really 2.67499999...).
     */
    static double round(double x, int ndigits) {
        if (Double.isNaN(x) || Double.isInfinite(x) || x == 0) {
            return x;
        }
        BigDecimal rounded = new BigDecimal(x).setScale(ndigits, RoundingMode.HALF_EVEN);
        double result = Double.parseDouble(rounded.toString());
        return result == 0 ? Math.copySign(0.0, x) : result;
    }
}

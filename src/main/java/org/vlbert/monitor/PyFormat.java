package org.vlbert.monitor;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Locale;

/** Python {@code %}-formatting of numbers, for log lines that must match the reference character for character. */
final class PyFormat {
    private PyFormat() {}

    /**
     * Python's {@code '%.<decimals>f' % v}: rounds the exact binary value half-to-even (Java's
     * Formatter rounds half-up), keeps the sign of negative values that round to zero, and spells
     * non-finite values {@code nan}, {@code inf}, {@code -inf}.
     */
    static String fixed(double v, int decimals) {
        if (Double.isNaN(v)) {
            return "nan";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "inf" : "-inf";
        }
        String s = new BigDecimal(v).setScale(decimals, RoundingMode.HALF_EVEN).toPlainString();
        boolean negative = v < 0 || (v == 0.0 && 1.0 / v < 0);
        if (negative && !s.startsWith("-")) {
            s = "-" + s;
        }
        return s;
    }

    /** Python's {@code '%f' % v}. */
    static String f(double v) {
        return fixed(v, 6);
    }

    /** Python's {@code '%<width>d' % n}. */
    static String d(long n, int width) {
        return String.format(Locale.ROOT, "%" + width + "d", n);
    }
}

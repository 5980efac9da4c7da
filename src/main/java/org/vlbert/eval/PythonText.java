package org.vlbert.eval;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * Python's text for numbers and JSON strings, so that result files and printed summaries match the
 * reference scripts character for character: {@code repr(float)}, numpy's {@code str} of a float32
 * (what pandas writes into CSV files), {@code '{:.Nf}'.format(x)} and {@code json.dumps(str)}.
 */
public final class PythonText {
    private PythonText() {}

    /**
     * {@code repr(x)} of a Python float (also what {@code json.dump} writes): the shortest decimal
     * that reads back as {@code x} (the closest of those), fixed notation for decimal exponents in
     * [-4, 16), otherwise {@code 1e-05} style.
     */
    public static String repr(double x) {
        if (Double.isNaN(x)) {
            return "nan";
        }
        if (Double.isInfinite(x)) {
            return x > 0 ? "inf" : "-inf";
        }
        if (x == 0) {
            return (1 / x < 0) ? "-0.0" : "0.0";
        }
        BigDecimal digits = shortest(new BigDecimal(Math.abs(x)), 17, d -> Double.parseDouble(d) == Math.abs(x));
        int point = digits.precision() - digits.scale(); // value = 0.DIGITS x 10^point
        return format(digits, point <= -4 || point > 16, x < 0);
    }

    /**
     * numpy's {@code str(np.float32(x))} (pandas' CSV text of a float32 column): the shortest
     * decimal that reads back as the same float32, positional for 1e-4 <= |x| < 1e16 (numpy
     * compares the value, so float32(1e-4), just below 1e-4, prints as {@code 1e-04}), else
     * {@code 1e-05} style.
     */
    public static String reprFloat32(float x) {
        if (Float.isNaN(x)) {
            return "nan";
        }
        if (Float.isInfinite(x)) {
            return x > 0 ? "inf" : "-inf";
        }
        if (x == 0) {
            return (1 / x < 0) ? "-0.0" : "0.0";
        }
        float a = Math.abs(x);
        BigDecimal digits = shortest(new BigDecimal(a), 9, d -> Float.parseFloat(d) == a);
        return format(digits, !(a >= 1e-4 && a < 1e16), x < 0);
    }

    /**
     * {@code '{:.Nf}'.format(x)}: the exact binary value rounded half-to-even (Java's Formatter
     * rounds half-up from a shortened decimal, so 0.25 would give 0.3 instead of Python's 0.2).
     */
    public static String fixed(double x, int decimals) {
        if (Double.isNaN(x)) {
            return "nan";
        }
        if (Double.isInfinite(x)) {
            return x > 0 ? "inf" : "-inf";
        }
        String s = new BigDecimal(x).setScale(decimals, RoundingMode.HALF_EVEN).toPlainString();
        boolean negative = x < 0 || (x == 0 && 1 / x < 0);
        return negative && !s.startsWith("-") ? "-" + s : s;
    }

    /** {@code json.dumps(s)} with the default {@code ensure_ascii=True}: non-ASCII as {@code \\uXXXX} UTF-16 units. */
    public static String jsonString(String s) {
        StringBuilder out = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c >= ' ' && c <= '~') {
                        out.append(c);
                    } else {
                        out.append(String.format("\\u%04x", (int) c));
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    private interface RoundTrip {
        boolean test(String decimal);
    }

    /** The shortest decimal that round-trips, closest to the exact value among equally short ones. */
    private static BigDecimal shortest(BigDecimal exact, int maxDigits, RoundTrip roundTrips) {
        for (int precision = 1; precision <= maxDigits; precision++) {
            BigDecimal best = null;
            for (RoundingMode mode : new RoundingMode[] {RoundingMode.HALF_EVEN, RoundingMode.FLOOR,
                    RoundingMode.CEILING}) {
                BigDecimal candidate = exact.round(new MathContext(precision, mode));
                if (roundTrips.test(candidate.toString())
                        && (best == null || candidate.subtract(exact).abs().compareTo(best.subtract(exact).abs()) < 0)) {
                    best = candidate;
                }
            }
            if (best != null) {
                return best.stripTrailingZeros();
            }
        }
        return exact.round(new MathContext(maxDigits)).stripTrailingZeros();
    }

    private static String format(BigDecimal shortest, boolean scientific, boolean negative) {
        String digits = shortest.unscaledValue().toString();
        int point = digits.length() - shortest.scale(); // value = 0.DIGITS x 10^point
        String body;
        if (scientific) {
            String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
            int exponent = point - 1;
            String magnitude = Integer.toString(Math.abs(exponent));
            body = mantissa + "e" + (exponent < 0 ? "-" : "+") + (magnitude.length() < 2 ? "0" + magnitude : magnitude);
        } else if (point <= 0) {
            body = "0." + "0".repeat(-point) + digits;
        } else if (point >= digits.length()) {
            body = digits + "0".repeat(point - digits.length()) + ".0";
        } else {
            body = digits.substring(0, point) + "." + digits.substring(point);
        }
        return negative ? "-" + body : body;
    }
}

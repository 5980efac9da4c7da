package org.vlbert.eval.vqa;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/** Python's {@code round(x, n)} and {@code repr(x)} for floats, bit for bit. */
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

    /**
     * {@code repr(x)}: the shortest decimal that reads back as {@code x} (closest to x among the
     * shortest), in fixed notation when the decimal exponent is in [-4, 16), else as {@code 1e-05}.
     * JDK 17's {@link Double#toString} is not always shortest and formats differently.
     */
    static String repr(double x) {
        if (Double.isNaN(x)) {
            return "NaN";
        }
        if (Double.isInfinite(x)) {
            return x > 0 ? "Infinity" : "-Infinity"; // what json.dumps writes
        }
        if (x == 0) {
            return (1 / x < 0) ? "-0.0" : "0.0";
        }
        BigDecimal shortest = shortestRoundTrip(Math.abs(x));
        String digits = shortest.unscaledValue().toString();
        int decimalPoint = digits.length() - shortest.scale(); // value = 0.DIGITS x 10^decimalPoint
        String body = (decimalPoint <= -4 || decimalPoint > 16)
                ? exponential(digits, decimalPoint) : fixed(digits, decimalPoint);
        return x < 0 ? "-" + body : body;
    }

    private static BigDecimal shortestRoundTrip(double x) {
        BigDecimal exact = new BigDecimal(x);
        for (int precision = 1; precision <= 17; precision++) {
            BigDecimal best = null;
            for (RoundingMode mode : new RoundingMode[] {RoundingMode.HALF_EVEN, RoundingMode.FLOOR, RoundingMode.CEILING}) {
                BigDecimal candidate = exact.round(new MathContext(precision, mode));
                if (Double.parseDouble(candidate.toString()) == x
                        && (best == null || candidate.subtract(exact).abs().compareTo(best.subtract(exact).abs()) < 0)) {
                    best = candidate;
                }
            }
            if (best != null) {
                return best.stripTrailingZeros();
            }
        }
        return exact.round(MathContext.DECIMAL64).stripTrailingZeros(); // unreachable: 17 digits always round-trip
    }

    private static String fixed(String digits, int decimalPoint) {
        if (decimalPoint <= 0) {
            return "0." + "0".repeat(-decimalPoint) + digits;
        }
        if (decimalPoint >= digits.length()) {
            return digits + "0".repeat(decimalPoint - digits.length()) + ".0";
        }
        return digits.substring(0, decimalPoint) + "." + digits.substring(decimalPoint);
    }

    private static String exponential(String digits, int decimalPoint) {
        String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
        int exponent = decimalPoint - 1;
        String sign = exponent < 0 ? "-" : "+";
        String magnitude = Integer.toString(Math.abs(exponent));
        return mantissa + "e" + sign + (magnitude.length() < 2 ? "0" + magnitude : magnitude);
    }
}

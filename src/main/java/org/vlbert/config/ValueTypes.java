package org.vlbert.config;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The value types of config keys. Scalars are accepted as YAML writes them and also as strings
 * that spell the value ({@code '1e-4'}, {@code "128"}), because YAML 1.1 readers such as the
 * original's PyYAML leave {@code 1e-4} a string.
 */
final class ValueTypes {
    private ValueTypes() {}

    static final ValueType INT = new IntType(null, null);
    static final ValueType NON_NEGATIVE_INT = new IntType(0, null);
    static final ValueType POSITIVE_INT = new IntType(1, null);
    static final ValueType FLOAT = new FloatType(null, null);
    static final ValueType NON_NEGATIVE_FLOAT = new FloatType(0.0, null);
    static final ValueType PROBABILITY = new FloatType(0.0, 1.0);
    static final ValueType BOOL = new BoolType();
    static final ValueType STRING = new StringType();
    static final ValueType POSITIVE_INT_LIST = new ListType(POSITIVE_INT, "a list of positive integers");
    static final ValueType INT_LIST = new ListType(INT, "a list of integers");
    static final ValueType FLOAT_LIST = new ListType(FLOAT, "a list of numbers");
    static final ValueType BATCH_IMAGES_OR_LIST = new IntOrIntList();
    static final ValueType LOSS_SCALE = new LossScaleType();
    static final ValueType EPOCH_STEPS = new EpochSteps();
    static final ValueType LOSS_LOGGERS = new LossLoggers();
    static final ValueType LR_MULT = new LrMults();
    static final ValueType PREFIX_CHANGES = new PrefixChanges();

    static ValueType intRange(int min, int max) {
        return new IntType(min, max);
    }

    static ValueType choice(String... choices) {
        return new Choice(List.of(choices));
    }

    /** Converts a Java literal from the schema table into a node, so defaults go through parse. */
    static RawNode node(Object javaValue) {
        if (javaValue instanceof List<?> list) {
            List<RawNode> items = new ArrayList<>();
            for (Object item : list) {
                items.add(node(item));
            }
            return new RawNode.Sequence(items, 0);
        }
        return new RawNode.Scalar(javaValue, String.valueOf(javaValue), 0);
    }

    /** Formats a double so that YAML 1.1 readers (PyYAML) and Java read back the same value. */
    static String formatDouble(double value) {
        String s = Double.toString(value).replace('E', 'e');
        int e = s.indexOf('e');
        if (e >= 0 && s.charAt(e + 1) != '-') {
            s = s.substring(0, e + 1) + "+" + s.substring(e + 1);
        }
        return s;
    }

    private static RawNode.Scalar scalar(RawNode node, String requirement) throws BadValue {
        if (node instanceof RawNode.Scalar s && s.value() != null) {
            return s;
        }
        throw new BadValue(requirement, node);
    }

    private static final class IntType implements ValueType {
        private final Integer min;
        private final Integer max;
        private final String requirement;

        IntType(Integer min, Integer max) {
            this.min = min;
            this.max = max;
            if (min != null && max != null) {
                requirement = "must be an integer between " + min + " and " + max;
            } else if (min != null) {
                requirement = min == 0 ? "must be an integer ≥ 0" : min == 1 ? "must be a positive integer"
                        : "must be an integer ≥ " + min;
            } else {
                requirement = "must be an integer";
            }
        }

        @Override
        public Object parse(RawNode node) throws BadValue {
            RawNode.Scalar s = scalar(node, requirement);
            long value;
            if (s.value() instanceof Integer || s.value() instanceof Long) {
                value = ((Number) s.value()).longValue();
            } else if (s.value() instanceof String text && text.trim().matches("[-+]?\\d+")) {
                try {
                    value = Long.parseLong(text.trim());
                } catch (NumberFormatException e) {
                    throw new BadValue(requirement, node);
                }
            } else {
                throw new BadValue(requirement, node);
            }
            if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE
                    || (min != null && value < min) || (max != null && value > max)) {
                throw new BadValue(requirement, node);
            }
            return (int) value;
        }

        @Override
        public String name() {
            return min != null && max != null ? "int " + min + ".." + max : min != null ? "int ≥ " + min : "int";
        }
    }

    private static final class FloatType implements ValueType {
        private static final Pattern DECIMAL = Pattern.compile("[-+]?(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d+)?");
        private final Double min;
        private final Double max;
        private final String requirement;

        FloatType(Double min, Double max) {
            this.min = min;
            this.max = max;
            if (min != null && max != null) {
                requirement = "must be a number between " + plain(min) + " and " + plain(max);
            } else if (min != null) {
                requirement = "must be a number ≥ " + plain(min);
            } else {
                requirement = "must be a number";
            }
        }

        private static String plain(double d) {
            return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
        }

        @Override
        public Object parse(RawNode node) throws BadValue {
            RawNode.Scalar s = scalar(node, requirement);
            double value;
            Object v = s.value();
            if (v instanceof Integer || v instanceof Long || v instanceof Double) {
                value = ((Number) v).doubleValue();
            } else if (v instanceof BigInteger big) {
                value = big.doubleValue();
            } else if (v instanceof String text && DECIMAL.matcher(text.trim()).matches()) {
                value = Double.parseDouble(text.trim());
            } else {
                throw new BadValue(requirement, node);
            }
            if (!Double.isFinite(value) || (min != null && value < min) || (max != null && value > max)) {
                throw new BadValue(requirement, node);
            }
            return value;
        }

        @Override
        public String name() {
            return min != null && max != null ? "float " + plain(min) + ".." + plain(max)
                    : min != null ? "float ≥ " + plain(min) : "float";
        }
    }

    private static final class BoolType implements ValueType {
        private static final List<String> TRUE = List.of("true", "yes", "on");
        private static final List<String> FALSE = List.of("false", "no", "off");

        @Override
        public Object parse(RawNode node) throws BadValue {
            RawNode.Scalar s = scalar(node, "must be true or false");
            if (s.value() instanceof Boolean b) {
                return b;
            }
            if (s.value() instanceof String text) {
                String t = text.trim().toLowerCase(Locale.ROOT);
                if (TRUE.contains(t)) {
                    return true;
                }
                if (FALSE.contains(t)) {
                    return false;
                }
            }
            throw new BadValue("must be true or false", node);
        }

        @Override
        public String name() {
            return "bool";
        }
    }

    /** Any scalar, kept as written (so {@code GPUS: 0} reads as the string "0"). */
    private static final class StringType implements ValueType {
        @Override
        public Object parse(RawNode node) throws BadValue {
            if (node instanceof RawNode.Scalar s && s.value() == null) {
                throw new BadValue("", "must be a string", "null", " (write '' for an empty string)");
            }
            return scalar(node, "must be a string").text();
        }

        @Override
        public String name() {
            return "string";
        }
    }

    /** A string from a fixed, case-sensitive set (the original compares with {@code ==}). */
    private static final class Choice implements ValueType {
        private final List<String> choices;

        Choice(List<String> choices) {
            this.choices = choices;
        }

        @Override
        public Object parse(RawNode node) throws BadValue {
            String requirement = "must be one of " + String.join(", ", choices);
            String text = scalar(node, requirement).text();
            if (choices.contains(text)) {
                return text;
            }
            String hint = Suggestions.plausible(text, choices).map(c -> " — did you mean " + c + "?").orElse("");
            throw new BadValue("", requirement, node.describe(), hint);
        }

        @Override
        public String name() {
            return String.join("|", choices);
        }
    }

    private static final class ListType implements ValueType {
        private final ValueType element;
        private final String requirement;

        ListType(ValueType element, String description) {
            this.element = element;
            this.requirement = "must be " + description;
        }

        @Override
        public Object parse(RawNode node) throws BadValue {
            if (!(node instanceof RawNode.Sequence seq)) {
                throw new BadValue(requirement, node);
            }
            List<Object> out = new ArrayList<>();
            for (int i = 0; i < seq.items().size(); i++) {
                try {
                    out.add(element.parse(seq.items().get(i)));
                } catch (BadValue e) {
                    throw e.inElement(i);
                }
            }
            return List.copyOf(out);
        }

        @Override
        public String name() {
            return element.name() + " list";
        }
    }

    /** Pretraining {@code BATCH_IMAGES}: one batch size, or one per dataset of a dataset list. */
    private static final class IntOrIntList implements ValueType {
        @Override
        public Object parse(RawNode node) throws BadValue {
            if (node instanceof RawNode.Sequence) {
                return POSITIVE_INT_LIST.parse(node);
            }
            try {
                return POSITIVE_INT.parse(node);
            } catch (BadValue e) {
                throw new BadValue("must be a positive integer or a list of them", node);
            }
        }

        @Override
        public String name() {
            return "int ≥ 1 or int list";
        }
    }

    private static final class LossScaleType implements ValueType {
        private static final String REQUIREMENT = "must be a positive number or 'dynamic'";

        @Override
        public Object parse(RawNode node) throws BadValue {
            RawNode.Scalar s = scalar(node, REQUIREMENT);
            if ("dynamic".equals(s.value())) {
                return LossScale.dynamicScale();
            }
            try {
                double v = (Double) FLOAT.parse(node);
                if (v > 0) {
                    return LossScale.fixed(v);
                }
            } catch (BadValue e) {
                // reported below with the full requirement
            }
            throw new BadValue(REQUIREMENT, node);
        }

        @Override
        public Object toYaml(Object value) {
            LossScale scale = (LossScale) value;
            return scale.dynamic() ? "dynamic" : (Object) scale.fixedValue();
        }

        @Override
        public String name() {
            return "float or 'dynamic'";
        }
    }

    /**
     * {@code TRAIN.LR_STEP}: epochs written as a comma-separated string ({@code "14,18"}), which the
     * original splits into floats. A YAML list of numbers is accepted too; the dump writes the string.
     */
    private static final class EpochSteps implements ValueType {
        private static final String REQUIREMENT = "must be comma-separated epochs like '14,18'";

        @Override
        public Object parse(RawNode node) throws BadValue {
            if (node instanceof RawNode.Sequence) {
                return FLOAT_LIST.parse(node);
            }
            String text = scalar(node, REQUIREMENT).text().trim();
            if (text.isEmpty()) {
                return List.of();
            }
            List<Double> steps = new ArrayList<>();
            for (String part : text.split(",", -1)) {
                try {
                    steps.add((Double) FLOAT.parse(new RawNode.Scalar(part.trim(), part.trim(), 0)));
                } catch (BadValue e) {
                    throw new BadValue(REQUIREMENT, node);
                }
            }
            return List.copyOf(steps);
        }

        @Override
        public Object toYaml(Object value) {
            return ((List<?>) value).stream().map(v -> {
                double d = (Double) v;
                return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : formatDouble(d);
            }).collect(Collectors.joining(","));
        }

        @Override
        public String name() {
            return "epochs 'a,b'";
        }
    }

    /**
     * {@code TRAIN.LOSS_LOGGERS}: strings {@code "output_name,DisplayName"}, split like the original;
     * an already-split pair {@code [output_name, DisplayName]} (how the reference fixtures' config.yaml,
     * dumped after the original split them, write it) is accepted too; our own dump writes the strings.
     */
    private static final class LossLoggers implements ValueType {
        private static String[] pairOf(RawNode item) {
            if (item instanceof RawNode.Sequence pair && pair.items().size() == 2
                    && pair.items().get(0) instanceof RawNode.Scalar a && a.value() instanceof String x
                    && pair.items().get(1) instanceof RawNode.Scalar b && b.value() instanceof String y) {
                return new String[] {x, y};
            }
            return new String[0];
        }

        @Override
        public Object parse(RawNode node) throws BadValue {
            if (!(node instanceof RawNode.Sequence seq)) {
                throw new BadValue("must be a list of 'output_name,DisplayName' strings", node);
            }
            List<LossLogger> out = new ArrayList<>();
            for (int i = 0; i < seq.items().size(); i++) {
                RawNode item = seq.items().get(i);
                String[] parts = item instanceof RawNode.Scalar s && s.value() instanceof String text
                        ? text.split(",", -1) : pairOf(item);
                if (parts.length != 2 || parts[0].isEmpty() || parts[1].isEmpty()) {
                    throw new BadValue("must look like 'output_name,DisplayName'", item).inElement(i);
                }
                out.add(new LossLogger(parts[0], parts[1]));
            }
            return List.copyOf(out);
        }

        @Override
        public Object toYaml(Object value) {
            List<String> out = new ArrayList<>();
            for (Object o : (List<?>) value) {
                LossLogger l = (LossLogger) o;
                out.add(l.outputName() + "," + l.displayName());
            }
            return out;
        }

        @Override
        public String name() {
            return "'output,Display' list";
        }
    }

    /** {@code TRAIN.LR_MULT}: a list of {@code [name_substring, multiplier]} pairs. */
    private static final class LrMults implements ValueType {
        private static final String ELEMENT = "must be a pair [name_substring, multiplier]";

        @Override
        public Object parse(RawNode node) throws BadValue {
            if (!(node instanceof RawNode.Sequence seq)) {
                throw new BadValue("must be a list of [name_substring, multiplier] pairs", node);
            }
            List<LrMult> out = new ArrayList<>();
            for (int i = 0; i < seq.items().size(); i++) {
                RawNode item = seq.items().get(i);
                if (!(item instanceof RawNode.Sequence pair) || pair.items().size() != 2) {
                    throw new BadValue(ELEMENT, item).inElement(i);
                }
                try {
                    String name = (String) STRING.parse(pair.items().get(0));
                    double multiplier = (Double) FLOAT.parse(pair.items().get(1));
                    out.add(new LrMult(name, multiplier));
                } catch (BadValue e) {
                    throw new BadValue(ELEMENT, item).inElement(i);
                }
            }
            return List.copyOf(out);
        }

        @Override
        public Object toYaml(Object value) {
            List<Object> out = new ArrayList<>();
            for (Object o : (List<?>) value) {
                LrMult m = (LrMult) o;
                out.add(Arrays.asList(m.substring(), m.multiplier()));
            }
            return out;
        }

        @Override
        public String name() {
            return "[substring, mult] list";
        }
    }

    /** {@code NETWORK.PARTIAL_PRETRAIN_PREFIX_CHANGES}: strings {@code "old->new"}. */
    private static final class PrefixChanges implements ValueType {
        @Override
        public Object parse(RawNode node) throws BadValue {
            if (!(node instanceof RawNode.Sequence seq)) {
                throw new BadValue("must be a list of 'old_prefix->new_prefix' strings", node);
            }
            List<String> out = new ArrayList<>();
            for (int i = 0; i < seq.items().size(); i++) {
                RawNode item = seq.items().get(i);
                String text = item instanceof RawNode.Scalar s && s.value() instanceof String t ? t : null;
                if (text == null || text.indexOf("->") < 0 || text.indexOf("->") != text.lastIndexOf("->")) {
                    throw new BadValue("must look like 'old_prefix->new_prefix'", item).inElement(i);
                }
                out.add(text);
            }
            return List.copyOf(out);
        }

        @Override
        public String name() {
            return "'old->new' list";
        }
    }
}

package org.vlbert.io;

import java.util.List;
import java.util.Map;

/** Names Python-side values in error messages. */
final class TorchValues {
    private TorchValues() {}

    static String describe(Object o) {
        if (o == null) {
            return "None";
        } else if (o instanceof Map<?, ?>) {
            return "dict";
        } else if (o instanceof List<?>) {
            return "list";
        } else if (o instanceof Object[]) {
            return "tuple";
        } else if (o instanceof TorchTensor t) {
            return t.toString();
        } else if (o instanceof PythonObject p) {
            return p.className() + " object";
        } else if (o instanceof String s) {
            return "str '" + (s.length() > 40 ? s.substring(0, 40) + "..." : s) + "'";
        } else if (o instanceof byte[]) {
            return "bytes";
        }
        return o.getClass().getSimpleName() + " " + o;
    }

    static String describeArgs(Object[] args) {
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < args.length; i++) {
            sb.append(i == 0 ? "" : ", ").append(describe(args[i]));
        }
        return sb.append(')').toString();
    }
}

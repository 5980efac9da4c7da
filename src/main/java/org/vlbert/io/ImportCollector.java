package org.vlbert.io;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.vlbert.graphs.tensor.DType;
import org.vlbert.graphs.tensor.HostTensor;

/** Accumulates the outcome of one import: which target key gets which tensor, and what did not fit. */
final class ImportCollector {
    private final Map<String, long[]> target;
    private final Map<String, HostTensor> full = new LinkedHashMap<>();
    private final Map<String, ImportResult.RowCopy> rows = new LinkedHashMap<>();
    private final Map<String, String> sources = new LinkedHashMap<>();
    private final List<String> unexpected = new ArrayList<>();
    private final Map<String, ImportResult.ShapeMismatch> mismatches = new LinkedHashMap<>();
    private final List<String> violations = new ArrayList<>();

    ImportCollector(Map<String, long[]> target) {
        this.target = target;
    }

    boolean hasTarget(String key) {
        return target.containsKey(key);
    }

    long[] targetShape(String key) {
        return target.get(key);
    }

    HostTensor loadedTensor(String key) {
        return full.get(key);
    }

    /** Loads {@code value} into {@code targetKey}; an absent target makes the source key unexpected. */
    void offer(String sourceKey, String targetKey, HostTensor value) {
        if (targetKey == null || !target.containsKey(targetKey)) {
            unexpected(sourceKey);
            return;
        }
        long[] want = target.get(targetKey);
        if (!Arrays.equals(want, value.shape())) {
            mismatches.put(targetKey, new ImportResult.ShapeMismatch(sourceKey, targetKey, value.shape(), want));
            return;
        }
        mismatches.remove(targetKey);
        rows.remove(targetKey);
        full.put(targetKey, toModelType(value));
        sources.put(targetKey, sourceKey);
    }

    void offerRows(String sourceKey, String targetKey, int[] targetRows, HostTensor rowValues) {
        rows.put(targetKey, new ImportResult.RowCopy(targetKey, sourceKey, targetRows, toModelType(rowValues)));
        full.remove(targetKey);
        sources.put(targetKey, sourceKey);
    }

    void mismatch(String sourceKey, String targetKey, long[] sourceShape) {
        mismatches.put(targetKey, new ImportResult.ShapeMismatch(sourceKey, targetKey, sourceShape,
                target.get(targetKey)));
    }

    void unexpected(String sourceKey) {
        unexpected.add(sourceKey);
    }

    void violation(String message) {
        violations.add(message);
    }

    /** The reference's {@code module.load_state_dict(..., strict=True)}: every target key under the prefix must be loaded. */
    void requireGroup(String prefix, String what) {
        List<String> absent = new ArrayList<>();
        for (String k : target.keySet()) {
            if (k.startsWith(prefix) && !sources.containsKey(k) && !mismatches.containsKey(k)) {
                absent.add(k);
            }
        }
        if (!absent.isEmpty()) {
            violation(what + " is loaded strictly but the checkpoint provides nothing for " + absent);
        }
    }

    boolean anyLoadedUnder(String prefix) {
        return sources.keySet().stream().anyMatch(k -> k.startsWith(prefix));
    }

    List<String> missingKeys() {
        List<String> out = new ArrayList<>();
        for (String k : target.keySet()) {
            if (!sources.containsKey(k) && !mismatches.containsKey(k)) {
                out.add(k);
            }
        }
        return out;
    }

    ImportResult result() {
        Map<String, HostTensor> ordered = new LinkedHashMap<>();
        List<String> loaded = new ArrayList<>();
        List<ImportResult.RowCopy> rowList = new ArrayList<>();
        for (String k : target.keySet()) {
            if (full.containsKey(k)) {
                ordered.put(k, full.get(k));
            }
            if (rows.containsKey(k)) {
                rowList.add(rows.get(k));
            }
            if (sources.containsKey(k)) {
                loaded.add(k);
            }
        }
        Map<String, String> orderedSources = new LinkedHashMap<>();
        loaded.forEach(k -> orderedSources.put(k, sources.get(k)));
        return new ImportResult(ordered, rowList, orderedSources, loaded, missingKeys(), unexpected,
                new ArrayList<>(mismatches.values()), violations);
    }

    /** The models keep float32 parameters: fp16/bf16/fp64 checkpoints are converted, integer buffers kept. */
    static HostTensor toModelType(HostTensor t) {
        if (!t.dtype().isFloatingPoint() || t.dtype() == DType.FLOAT) {
            return t;
        }
        return HostTensor.ofFloats(t.shape(), t.toFloatArrayConverted());
    }

    /** Rows {@code sourceRows[i]} of a 2-d tensor, stacked. */
    static HostTensor selectRows(HostTensor t, int[] sourceRows) {
        int rowBytes = (int) (t.byteSize() / t.dim(0));
        HostTensor out = HostTensor.allocate(t.dtype(), sourceRows.length, t.dim(1));
        ByteBuffer dst = out.buffer();
        ByteBuffer src = t.buffer();
        for (int i = 0; i < sourceRows.length; i++) {
            dst.put(i * rowBytes, src, sourceRows[i] * rowBytes, rowBytes);
        }
        return out;
    }
}

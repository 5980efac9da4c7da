package org.vlbert.io;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.vlbert.graphs.tensor.HostTensor;

/**
 * What {@link StateDictImporter} produced for a target model: replacement tensors, partial row
 * copies, and the bookkeeping lists the reference prints (loaded / missing / unexpected keys).
 */
public final class ImportResult {
    /** Rows of the source written into some rows of an existing target tensor (the rest keeps its value). */
    public record RowCopy(String targetKey, String sourceKey, int[] targetRows, HostTensor rows) {}

    public record ShapeMismatch(String sourceKey, String targetKey, long[] sourceShape, long[] targetShape) {
        @Override
        public String toString() {
            return targetKey + " expects " + Arrays.toString(targetShape) + " but " + sourceKey + " has "
                    + Arrays.toString(sourceShape);
        }
    }

    private final Map<String, HostTensor> tensors;
    private final List<RowCopy> rowCopies;
    private final Map<String, String> sources;
    private final List<String> loaded;
    private final List<String> missing;
    private final List<String> unexpected;
    private final List<ShapeMismatch> shapeMismatches;
    private final List<String> strictViolations;

    ImportResult(Map<String, HostTensor> tensors, List<RowCopy> rowCopies, Map<String, String> sources,
            List<String> loaded, List<String> missing, List<String> unexpected, List<ShapeMismatch> shapeMismatches,
            List<String> strictViolations) {
        this.tensors = Collections.unmodifiableMap(new LinkedHashMap<>(tensors));
        this.rowCopies = List.copyOf(rowCopies);
        this.sources = Collections.unmodifiableMap(new LinkedHashMap<>(sources));
        this.loaded = List.copyOf(loaded);
        this.missing = List.copyOf(missing);
        this.unexpected = List.copyOf(unexpected);
        this.shapeMismatches = List.copyOf(shapeMismatches);
        this.strictViolations = List.copyOf(strictViolations);
    }

    /** Complete replacement tensors by target key, in target order (floating point converted to float32). */
    public Map<String, HostTensor> tensors() {
        return tensors;
    }

    /** Partial loads (BERT's 2-row token-type table into VL-BERT's 3-row table). */
    public List<RowCopy> rowCopies() {
        return rowCopies;
    }

    /** For every loaded target key, the source key its value came from. */
    public Map<String, String> sources() {
        return sources;
    }

    /** Target keys that receive a value (fully or by rows), in target order. */
    public List<String> loaded() {
        return loaded;
    }

    /** Target keys that receive nothing and keep their current value, in target order. */
    public List<String> missing() {
        return missing;
    }

    /** Source keys (original names) that were not used, in source order. */
    public List<String> unexpected() {
        return unexpected;
    }

    public List<ShapeMismatch> shapeMismatches() {
        return shapeMismatches;
    }

    /** Where the reference's strict loads would raise: incomplete strict groups, or any unmatched key on resume. */
    public List<String> strictViolations() {
        return strictViolations;
    }

    /** Throws a {@link StateDictImportException} listing every shape mismatch and strict violation. */
    public void requireNoMismatches() {
        if (shapeMismatches.isEmpty() && strictViolations.isEmpty()) {
            return;
        }
        StringBuilder sb = new StringBuilder("the checkpoint does not fit the model:");
        for (ShapeMismatch m : shapeMismatches) {
            sb.append("\n  shape mismatch: ").append(m);
        }
        for (String v : strictViolations) {
            sb.append("\n  ").append(v);
        }
        sb.append("\nCheck that the checkpoint was trained with the same NETWORK sizes (hidden_size, "
                + "num_hidden_layers, vocab_size, ANSWER_VOCAB_SIZE, ...) and the right loading rules.");
        throw new StateDictImportException(sb.toString());
    }

    /**
     * The model's parameters after the import: {@code current} with every loaded tensor replaced
     * and row copies applied to copies of the current tensors. {@code current} is not modified.
     */
    public Map<String, HostTensor> applyTo(Map<String, HostTensor> current) {
        Map<String, HostTensor> out = new LinkedHashMap<>(current);
        out.putAll(tensors);
        for (RowCopy rc : rowCopies) {
            HostTensor base = current.get(rc.targetKey());
            if (base == null) {
                throw new IllegalArgumentException("the current parameters lack '" + rc.targetKey()
                        + "', which the import updates row by row");
            }
            if (base.dtype() != rc.rows().dtype() || base.rank() != 2 || base.dim(1) != rc.rows().dim(1)) {
                throw new IllegalArgumentException("current '" + rc.targetKey() + "' is " + base
                        + ", incompatible with rows " + rc.rows());
            }
            HostTensor patched = base.copy();
            int rowBytes = (int) (rc.rows().byteSize() / rc.targetRows().length);
            ByteBuffer dst = patched.buffer();
            ByteBuffer src = rc.rows().buffer();
            for (int i = 0; i < rc.targetRows().length; i++) {
                dst.put(rc.targetRows()[i] * rowBytes, src, i * rowBytes, rowBytes);
            }
            out.put(rc.targetKey(), patched);
        }
        return out;
    }
}

package org.vlbert.tasks;

/**
 * One evaluated row of a val/test split, in loader order: {@code id} is the VQA question id, the
 * VCR {@code annot_id} or the RefCOCO+ {@code ref_id} (one row per sentence, so a ref repeats);
 * {@code referredBox} is the RefCOCO+ ground-truth box {@code [x, y, x + w, y + h]} in original
 * pixels (REFER's {@code getRefBox}), null for the other tasks.
 */
public record EvalRow(String id, double[] referredBox) {
    public static EvalRow of(String id) {
        return new EvalRow(id, null);
    }

    public static EvalRow of(long id) {
        return new EvalRow(Long.toString(id), null);
    }

    /** The id as the integer that VQA question ids and RefCOCO+ ref ids are. */
    public long numericId() {
        try {
            return Long.parseLong(id);
        } catch (NumberFormatException e) {
            throw new IllegalStateException("row id '" + id + "' is not an integer", e);
        }
    }
}

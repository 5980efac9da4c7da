package org.vlbert.eval.vqa;

/**
 * The two revisions of GT-Vision-Lab/VQA {@code vqaEval.py} whose scores differ (oracle README).
 */
public enum VqaRevision {
    /**
     * HEAD, commit a013f0043c1e (2021-03-11, "Fixed processing answers bug"): ground truth and
     * prediction are whitespace-cleaned; only when the 10 answers differ are both normalised with
     * processPunctuation and processDigitArticle.
     */
    CURRENT("current"),
    /**
     * Commit 458a8b268b1a (2016-10-08): the prediction is always fully normalised; when the answers
     * differ the raw ground truth only goes through processPunctuation.
     */
    LEGACY("legacy");

    private final String cliName;

    VqaRevision(String cliName) {
        this.cliName = cliName;
    }

    public String cliName() {
        return cliName;
    }

    public static VqaRevision fromCliName(String name) {
        for (VqaRevision revision : values()) {
            if (revision.cliName.equals(name)) {
                return revision;
            }
        }
        throw new IllegalArgumentException("unknown VQA evaluation revision '" + name + "' (use current or legacy)");
    }

    @Override
    public String toString() {
        return cliName;
    }
}

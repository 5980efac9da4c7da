package org.vlbert.data.vcr;

/** DATASET.TASK: which VCR model is trained (tasks.md §2). */
public enum VcrTask {
    /** Question → answer: the 4 answers are the choices. */
    Q2A,
    /** Question + correct answer → rationale: the 4 rationales are the choices. */
    QA2R;

    public static VcrTask parse(String name) {
        return switch (name) {
            case "Q2A" -> Q2A;
            case "QA2R" -> QA2R;
            default -> throw new IllegalArgumentException("VCR task '" + name + "' cannot be trained; use Q2A or QA2R"
                    + " (Q2AR is never trained by the reference: its truncation raises NotImplemented)");
        };
    }
}

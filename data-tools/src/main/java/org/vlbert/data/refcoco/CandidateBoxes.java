package org.vlbert.data.refcoco;

import java.util.List;

/**
 * DATASET.{TRAIN,VAL,TEST}_BOXES (tasks.md §3.2): the candidate boxes of an expression are the
 * image's COCO annotations ({@code gt}), the detections ({@code proposal}), or the detections
 * followed by the annotations ({@code proposal+gt}, also spelled {@code gt+proposal}).
 */
public enum CandidateBoxes {
    GT(List.of("gt")), PROPOSAL(List.of("proposal")), PROPOSAL_AND_GT(List.of("proposal", "gt"));

    private final List<String> parts;

    CandidateBoxes(List<String> parts) {
        this.parts = parts;
    }

    public static CandidateBoxes parse(String value) {
        return switch (value) {
            case "gt" -> GT;
            case "proposal" -> PROPOSAL;
            case "proposal+gt", "gt+proposal" -> PROPOSAL_AND_GT;
            default -> throw new IllegalArgumentException("unknown RefCOCO+ box source '" + value
                    + "' (use gt, proposal or proposal+gt)");
        };
    }

    /** The box lists concatenated, in order: "gt" and/or "proposal". */
    public List<String> parts() {
        return parts;
    }

    /** The boxes of one part for a ref. */
    public static float[][] part(RefcocoRef ref, String part) {
        if (part.equals("gt")) {
            return ref.gtBoxes();
        }
        if (ref.proposalBoxes() == null) {
            throw new IllegalArgumentException("ref " + ref.refId() + " has no detections: convert the RefCOCO+ file"
                    + " with --detections to use proposal boxes, or use gt boxes");
        }
        return ref.proposalBoxes();
    }
}

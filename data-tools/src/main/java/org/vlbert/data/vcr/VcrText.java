package org.vlbert.data.vcr;

import java.util.ArrayList;
import java.util.List;

/**
 * The text of one VCR sample (tasks.md §2.2 steps 4, 5 and 11): the tagged question and the 4
 * tagged choices after the reference's truncation to {@code seqLen} word-pieces, and the label.
 * For QA→R the "question" is the question followed by the correct answer (no [SEP] between them)
 * and the choices are the rationales.
 *
 * @param label            index of the correct choice, or null without labels
 * @param questionVariants QA→R test mode only (else null): the untruncated question followed by
 *                         answer choice k, for k = 0..3; {@code question} is then the bare question
 */
public record VcrText(TaggedTokens question, List<TaggedTokens> choices, Integer label,
                      List<TaggedTokens> questionVariants) {

    /** Which text the reference builds for an item, by where it comes from. */
    public enum Mode {
        /** Training and validation: labels required; QA→R joins the question and the correct answer. */
        LABELLED,
        /** The reference's test mode: no labels; QA→R keeps one untruncated question variant per answer. */
        TEST,
        /**
         * One inference query (exported packages): no labels; QA→R joins the question and the answer
         * at {@code answer_label} (the answer the query is about), truncated as in training.
         */
        QUERY
    }

    /**
     * @param item         the item (already reduced to its relevant detections if configured)
     * @param objectPieces word-piece ids of each object's assigned name
     * @param mode         labelled (training/validation), test file or inference query
     */
    public static VcrText build(VcrItem item, int[][] objectPieces, VcrTagger tagger, VcrTask task, int seqLen,
                                Mode mode) {
        boolean withLabels = mode == Mode.LABELLED;
        TaggedTokens q = tagger.tag(item.question(), objectPieces);
        List<TaggedTokens> answers = tagAll(item.answerChoices(), objectPieces, tagger);
        if (task == VcrTask.Q2A) {
            for (TaggedTokens a : answers) {
                while (q.length() + a.length() > seqLen) {
                    if (a.length() > q.length()) {
                        a.pop();
                    } else {
                        q.pop();
                    }
                }
            }
            return new VcrText(q, answers, withLabels ? require(item.answerLabel(), item, "answer_label") : null, null);
        }
        if (mode == Mode.TEST) {
            // the reference's test mode: no truncation at all, one question variant per answer choice
            List<TaggedTokens> variants = new ArrayList<>(answers.size());
            for (TaggedTokens a : answers) {
                variants.add(TaggedTokens.concat(q, a));
            }
            return new VcrText(q, tagAll(item.rationaleChoices(), objectPieces, tagger), null, List.copyOf(variants));
        }
        if (mode == Mode.QUERY && item.answerLabel() == null) {
            throw new IllegalArgumentException(item.annotId() + ": a QA->R query needs the answer its rationales"
                    + " justify");
        }
        int answerLabel = require(item.answerLabel(), item, "answer_label");
        TaggedTokens a = answers.get(answerLabel);
        List<TaggedTokens> rationales = tagAll(item.rationaleChoices(), objectPieces, tagger);
        for (TaggedTokens r : rationales) {
            while (q.length() + a.length() + r.length() > seqLen) {
                if (r.length() > q.length() + a.length()) {
                    r.pop();
                } else if (q.length() > 1) {
                    q.pop();
                } else {
                    a.pop();
                }
            }
        }
        return new VcrText(TaggedTokens.concat(q, a), rationales,
                withLabels ? require(item.rationaleLabel(), item, "rationale_label") : null, null);
    }

    private static List<TaggedTokens> tagAll(List<List<VcrToken>> choices, int[][] objectPieces, VcrTagger tagger) {
        List<TaggedTokens> out = new ArrayList<>(choices.size());
        for (List<VcrToken> c : choices) {
            out.add(tagger.tag(c, objectPieces));
        }
        return out;
    }

    private static int require(Integer label, VcrItem item, String field) {
        if (label == null) {
            throw new IllegalArgumentException(item.annotId() + " has no " + field + ": training and validation need a"
                    + " labelled VCR file (train.jsonl or val.jsonl), not a test file");
        }
        return label;
    }
}

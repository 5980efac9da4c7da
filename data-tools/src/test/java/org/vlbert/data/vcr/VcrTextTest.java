package org.vlbert.data.vcr;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Tagging, person names, the rolling counter and the truncation rules of the reference VCR dataset. */
class VcrTextTest {
    static final int AND = 9;
    static final Map<String, int[]> PIECES = Map.of("Casey", new int[] {50}, "Riley", new int[] {51},
            "Jessie", new int[] {52, 53}, "Quinn", new int[] {54}, "dog", new int[] {60}, "cat", new int[] {61});

    static VcrToken w(int... pieces) {
        return new VcrToken("w", null, pieces);
    }

    static VcrToken obj(int... objects) {
        return new VcrToken(null, objects, new int[0]);
    }

    static int[][] pieces(String... names) {
        int[][] p = new int[names.length][];
        for (int i = 0; i < names.length; i++) {
            p[i] = PIECES.get(names[i]);
        }
        return p;
    }

    @Test
    void objectGroupsBecomeNamesJoinedByAndWithTagsAndAlignIds() {
        // tasks.md §2.2 step 4: ["Why", "is", [0, 1], "here", "?"] with objects [person, dog], counter 0
        List<VcrToken> q = List.of(w(20), w(21), obj(0, 1), w(22), w(23));
        TaggedTokens t = new VcrTagger(AND, true).tag(q, pieces("Casey", "dog"));
        assertArrayEquals(new int[][] {{20, 0, 0}, {21, 0, 1}, {50, 1, 2}, {AND, 0, 3}, {60, 2, 4}, {22, 0, 5},
                {23, 0, 6}}, t.rows());
        // without the image box objects are boxes 0.. and plain words carry -1
        TaggedTokens noImage = new VcrTagger(AND, false).tag(q, pieces("Casey", "dog"));
        assertArrayEquals(new int[][] {{20, -1, 0}, {21, -1, 1}, {50, 0, 2}, {AND, -1, 3}, {60, 1, 4}, {22, -1, 5},
                {23, -1, 6}}, noImage.rows());
    }

    @Test
    void aWordWithoutPiecesStillAdvancesTheAlignIdAndMultiPieceNamesShareOne() {
        TaggedTokens t = new VcrTagger(AND, true).tag(List.of(w(), w(30, 31), obj(0)), pieces("Jessie"));
        assertArrayEquals(new int[][] {{30, 0, 1}, {31, 0, 1}, {52, 1, 2}, {53, 1, 2}}, t.rows());
    }

    @Test
    void longSentencesKeepEveryRowInOrder() {
        List<VcrToken> words = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            words.add(w(100 + i));
        }
        TaggedTokens t = new VcrTagger(AND, true).tag(words, new int[0][]);
        assertEquals(50, t.length());
        for (int i = 0; i < 50; i++) {
            assertArrayEquals(new int[] {100 + i, 0, i}, t.rows()[i]);
        }
    }

    @Test
    void personsAreNamedByARollingCounterOtherObjectsByTheirClass() {
        assertArrayEquals(new String[] {"Casey", "dog", "Riley"},
                PersonNames.assign(List.of("person", "dog", "person"), 0));
        // the counter wraps after the 13th name
        assertArrayEquals(new String[] {"Quinn", "dog", "Casey"},
                PersonNames.assign(List.of("person", "dog", "person"), 12));
        assertEquals(2, PersonNames.count(List.of("person", "dog", "person")));
    }

    @Test
    void theCounterAtABatchStartCountsThePersonsOfTheSameWorkersEarlierBatches() {
        int[] persons = {2, 1, 0, 5, 13, 1};
        int[][] plan = {{0, 1}, {2, 3}, {4, 5}};
        // W = 2 workers: batches 0 and 2 on worker 0, batch 1 on worker 1; reset at every epoch
        PersonNameSchedule two = new PersonNameSchedule(persons, 2, e -> plan);
        assertEquals(0, two.start(0, 0));
        assertEquals(0, two.start(0, 1));
        assertEquals(3, two.start(0, 2));
        assertEquals(3, two.start(5, 2));
        // W = 1: every earlier batch of the epoch
        PersonNameSchedule one = new PersonNameSchedule(persons, 1, e -> plan);
        assertArrayEquals(new int[] {0, 3, 8}, new int[] {one.start(0, 0), one.start(0, 1), one.start(0, 2)});
        // W = 0 (main process): the counter runs on across epochs, 22 persons per epoch = 9 mod 13
        PersonNameSchedule main = new PersonNameSchedule(persons, 0, e -> plan);
        assertEquals(9, main.start(1, 0));
        assertEquals((9 + 3 + 5) % 13, main.start(1, 2));
    }

    @Test
    void q2aTruncatesTheSharedQuestionAndEachAnswerInTurn() {
        // seq_len 5, question 3 pieces, answers of 4, 1, 3 and 6 pieces (hand-traced reference loop)
        VcrItem item = item(List.of(w(1, 2, 3)), List.of(List.of(w(10, 11, 12, 13)), List.of(w(20)),
                List.of(w(30, 31, 32)), List.of(w(40, 41, 42, 43, 44, 45))), List.of(), 2, null, List.of());
        VcrText t = VcrText.build(item, new int[0][], new VcrTagger(AND, true), VcrTask.Q2A, 5,
                VcrText.Mode.LABELLED);
        assertEquals(2, t.question().length());
        assertEquals(List.of(3, 1, 3, 3), t.choices().stream().map(TaggedTokens::length).toList());
        assertArrayEquals(new int[][] {{40, 0, 0}, {41, 0, 0}, {42, 0, 0}}, t.choices().get(3).rows());
        assertEquals(2, t.label());
    }

    @Test
    void qa2rPutsTheCorrectAnswerAfterTheQuestionAndTruncatesRationalesFirst() {
        List<List<VcrToken>> answers = List.of(List.of(w(90)), List.of(w(10), obj(0)), List.of(w(91)), List.of(w(92)));
        List<List<VcrToken>> rationales = List.of(List.of(w(20, 21)), List.of(w(30, 31, 32, 33, 34)), List.of(w(40)),
                List.of(w(50)));
        VcrItem item = item(List.of(w(1), w(2), w(3)), answers, rationales, 1, 3, List.of("cat"));
        // seq_len 6: rationale 0 pops the question once; rationale 1 pops itself, the question, itself
        VcrText t = VcrText.build(item, pieces("cat"), new VcrTagger(AND, true), VcrTask.QA2R, 6,
                VcrText.Mode.LABELLED);
        assertArrayEquals(new int[][] {{1, 0, 0}, {10, 0, 0}, {61, 1, 1}}, t.question().rows());
        assertEquals(List.of(2, 3, 1, 1), t.choices().stream().map(TaggedTokens::length).toList());
        assertEquals(3, t.label());

        // An inference query about answer 1 gets the same text without needing a rationale label.
        VcrItem query = item(List.of(w(1), w(2), w(3)), answers, rationales, 1, null, List.of("cat"));
        VcrText q = VcrText.build(query, pieces("cat"), new VcrTagger(AND, true), VcrTask.QA2R, 6,
                VcrText.Mode.QUERY);
        assertArrayEquals(t.question().rows(), q.question().rows());
        for (int c = 0; c < 4; c++) {
            assertArrayEquals(t.choices().get(c).rows(), q.choices().get(c).rows());
        }
        assertEquals(null, q.label());
        assertEquals(null, q.questionVariants());
        VcrItem noAnswer = item(List.of(w(1)), answers, rationales, null, null, List.of("cat"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> VcrText.build(noAnswer,
                pieces("cat"), new VcrTagger(AND, true), VcrTask.QA2R, 6, VcrText.Mode.QUERY));
        assertTrue(e.getMessage().contains("needs the answer its rationales justify"), e.getMessage());
    }

    @Test
    void labelsAreRequiredForTraining() {
        VcrItem unlabelled = item(List.of(w(1)), List.of(List.of(w(2)), List.of(w(3)), List.of(w(4)), List.of(w(5))),
                List.of(), null, null, List.of());
        VcrTagger tagger = new VcrTagger(AND, true);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> VcrText.build(unlabelled, new int[0][], tagger, VcrTask.Q2A, 64, VcrText.Mode.LABELLED));
        assertTrue(e.getMessage().contains("has no answer_label"), e.getMessage());
        VcrText test = VcrText.build(unlabelled, new int[0][], tagger, VcrTask.Q2A, 64, VcrText.Mode.TEST);
        assertEquals(null, test.label());
        assertEquals(null, test.questionVariants(), "Q->A test mode has one question");
    }

    @Test
    void qa2rTestModeGivesTheUntruncatedQuestionFollowedByEachAnswer() {
        List<List<VcrToken>> answers = List.of(List.of(w(90)), List.of(w(10), obj(0)), List.of(w(91, 92, 93)),
                List.of(w(94)));
        List<List<VcrToken>> rationales = List.of(List.of(w(20, 21, 22, 23, 24)), List.of(w(30)), List.of(w(40)),
                List.of(w(50)));
        VcrItem item = item(List.of(w(1), w(2), w(3)), answers, rationales, null, null, List.of("cat"));
        // seq_len 4 would truncate everything in training; the reference's test mode truncates nothing
        VcrText t = VcrText.build(item, pieces("cat"), new VcrTagger(AND, true), VcrTask.QA2R, 4,
                VcrText.Mode.TEST);
        assertEquals(null, t.label());
        assertEquals(4, t.questionVariants().size());
        assertArrayEquals(new int[][] {{1, 0, 0}, {2, 0, 1}, {3, 0, 2}, {10, 0, 0}, {61, 1, 1}},
                t.questionVariants().get(1).rows());
        assertArrayEquals(new int[][] {{1, 0, 0}, {2, 0, 1}, {3, 0, 2}, {91, 0, 0}, {92, 0, 0}, {93, 0, 0}},
                t.questionVariants().get(2).rows());
        assertEquals(List.of(5, 1, 1, 1), t.choices().stream().map(TaggedTokens::length).toList());
        assertEquals(3, t.question().length(), "the bare question, not popped");
    }

    @Test
    void onlyRelevantDetectionsKeepsMentionedObjectsInOrderOfFirstMention() {
        List<List<VcrToken>> answers = List.of(List.of(obj(0)), List.of(w(1)), List.of(obj(2, 0)), List.of(w(1)));
        List<List<VcrToken>> rationales = List.of(List.of(obj(1)), List.of(w(1)), List.of(w(1)), List.of(w(1)));
        VcrItem item = item(List.of(obj(3)), answers, rationales, 0, 0, List.of("dog", "person", "cat", "person"));
        RelevantDetections.Selection q2a = RelevantDetections.select(item, false);
        assertArrayEquals(new int[] {3, 0, 2}, q2a.kept());
        assertEquals(List.of("person", "dog", "cat"), q2a.item().objects());
        assertArrayEquals(new int[] {0}, q2a.item().question().get(0).objects());
        assertArrayEquals(new int[] {1}, q2a.item().answerChoices().get(0).get(0).objects());
        assertArrayEquals(new int[] {2, 1}, q2a.item().answerChoices().get(2).get(0).objects());
        assertArrayEquals(new float[] {3, 3, 3, 3, 3}, q2a.item().boxes()[0]);
        // QA->R also keeps the objects of the rationales
        assertArrayEquals(new int[] {3, 0, 2, 1}, RelevantDetections.select(item, true).kept());
    }

    static VcrItem item(List<VcrToken> question, List<List<VcrToken>> answers, List<List<VcrToken>> rationales,
                        Integer answerLabel, Integer rationaleLabel, List<String> objects) {
        float[][] boxes = new float[objects.size()][];
        float[][][] segms = new float[objects.size()][][];
        for (int i = 0; i < boxes.length; i++) {
            boxes[i] = new float[] {i, i, i, i, i};
            segms[i] = new float[0][];
        }
        return new VcrItem("test-0", null, "img.jpg", "img.json", new ArrayList<>(objects), question, answers,
                rationales, answerLabel, rationaleLabel, 100, 50, boxes, segms);
    }
}

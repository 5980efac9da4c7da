package org.vlbert.eval.vcr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class VcrJointAccuracyTest {
    @Test
    void qToArCountsARowOnlyWhenBothAnswerAndRationaleAreRight() {
        int[] aPred = {0, 1, 2, 3};
        int[] aGt = {0, 1, 0, 3};      // rows 0, 1, 3 right
        int[] rPred = {1, 1, 1, 1};
        int[] rGt = {1, 0, 1, 1};      // rows 0, 2, 3 right
        VcrJointAccuracy acc = VcrJointAccuracy.of(aPred, aGt, rPred, rGt);
        assertEquals(0.75, acc.questionToAnswer());
        assertEquals(0.75, acc.answerToRationale());
        assertEquals(0.5, acc.joint());  // rows 0 and 3: not the product 0.5625 of the two accuracies
        assertEquals(List.of("Q->A\t75.0", "QA->R\t75.0", "Q->AR\t50.0"), acc.lines());
    }

    @Test
    void percentagesUsePythonsHalfEvenRounding() {
        int[] pred = new int[16];
        int[] gt = new int[16];
        for (int i = 1; i < 16; i++) {
            gt[i] = 1;              // one right of 16 = 6.25 %
        }
        VcrJointAccuracy acc = VcrJointAccuracy.of(pred, gt, null, null);
        assertEquals(List.of("Q->A\t6.2"), acc.lines());
        assertNull(acc.joint());
    }

    @Test
    void eitherSideAloneAndMismatchedRows() {
        assertEquals(List.of("QA->R\t100.0"), VcrJointAccuracy.of(null, null, new int[] {2}, new int[] {2}).lines());
        assertThrows(IllegalArgumentException.class,
                () -> VcrJointAccuracy.of(new int[] {0, 1}, new int[] {0, 1}, new int[] {0}, new int[] {0}));
    }
}

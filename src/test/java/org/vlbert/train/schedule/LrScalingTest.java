package org.vlbert.train.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class LrScalingTest {

    /** The table of training.md §4 (GPU count from the file names). */
    @Test
    void shippedConfigs() {
        int vqaBase = LrScaling.perStepBatch(4, new int[] {64}, 1);
        assertEquals(256, vqaBase);
        assertEquals(1.6e-4, LrScaling.baseLr(6.25e-7, vqaBase));
        assertEquals(256, LrScaling.perStepBatch(4, new int[] {16}, 4), "vqa large: 4 × 16 × accum 4");
        int pretrainPrec = LrScaling.perStepBatch(4, new int[] {32, 32}, 1);
        assertEquals(256, pretrainPrec, "multitask BATCH_IMAGES list is summed");
        assertEquals(2.56e-5, LrScaling.baseLr(1e-7, pretrainPrec));
        assertEquals(256, LrScaling.perStepBatch(16, new int[] {4, 4}, 2), "pretrain large e2e");
        int refcoco = LrScaling.perStepBatch(4, new int[] {4}, 2);
        assertEquals(32, refcoco);
        assertEquals(2.56e-5, LrScaling.baseLr(8e-7, refcoco));
        int vcr = LrScaling.perStepBatch(4, new int[] {4}, 4);
        assertEquals(64, vcr);
        assertEquals(4.48e-3, LrScaling.baseLr(7e-5, vcr));
    }

    @Test
    void gpuCountCountsCommaSeparatedIds() {
        assertEquals(4, LrScaling.gpuCount("0,1,2,3"));
        assertEquals(1, LrScaling.gpuCount("0"));
    }

    @Test
    void badInputsAreNamed() {
        ScheduleException e = assertThrows(ScheduleException.class, () -> LrScaling.perStepBatch(1, new int[] {4}, 0));
        assertEquals("TRAIN.GRAD_ACCUMULATE_STEPS must be at least 1, got 0", e.getMessage());
        assertThrows(ScheduleException.class, () -> LrScaling.perStepBatch(1, new int[] {0}, 1));
    }
}

package org.vlbert.data.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.vlbert.data.load.BatchContext;
import org.vlbert.data.load.BatchTensor;
import org.vlbert.data.load.BufferPool;
import org.vlbert.data.load.LoaderPosition;

/** Images at the top left of the batch tensor, zeros elsewhere, even in a recycled buffer. */
class PaddedImagesTest {
    private static PreparedImage image(int w, int h, float first) {
        float[] chw = new float[3 * w * h];
        for (int i = 0; i < chw.length; i++) {
            chw[i] = first + i;
        }
        return new PreparedImage(w, h, w, h, 1f, 1f, false, chw);
    }

    @Test
    void imagesSitTopLeftAndEverythingElseIsZeroInARecycledBuffer() {
        BufferPool pool = new BufferPool(1);
        ByteBuffer dirty = ByteBuffer.allocateDirect(4 * 2 * 3 * 2 * 3).order(ByteOrder.nativeOrder());
        while (dirty.hasRemaining()) {
            dirty.putFloat(-7f);
        }
        pool.release(dirty);
        BatchContext ctx = new BatchContext(new LoaderPosition(0, 0), new int[] {0, 1}, 0, pool);
        BatchTensor t = PaddedImages.write(List.of(image(3, 2, 1), image(2, 1, 100)), ctx);
        assertArrayEquals(new long[] {2, 3, 2, 3}, t.shape());
        float[] v = new float[(int) t.numel()];
        t.floats().get(v);
        assertArrayEquals(new float[] {
            1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18,       // image 0: 3 planes of 2x3
            100, 101, 0, 0, 0, 0, 102, 103, 0, 0, 0, 0, 104, 105, 0, 0, 0, 0,    // image 1: 1x2 in each plane
        }, v);
        assertThrows(IllegalArgumentException.class,
                () -> PaddedImages.write(List.of(image(3, 2, 0)), 2, 2, ctx));
    }
}

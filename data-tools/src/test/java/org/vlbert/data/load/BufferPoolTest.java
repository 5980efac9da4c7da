package org.vlbert.data.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BufferPoolTest {
    @Test
    void newBuffersAreDirectNativeOrderWithAnEighthOfSlack() {
        ByteBuffer b = new BufferPool(4).acquire(800);
        assertTrue(b.isDirect());
        assertEquals(ByteOrder.nativeOrder(), b.order());
        assertEquals(900, b.capacity());
    }

    @Test
    void aReleasedBufferIsReusedByTheSmallestFit() {
        BufferPool pool = new BufferPool(4);
        ByteBuffer small = pool.acquire(800);
        ByteBuffer large = pool.acquire(8000);
        pool.release(large);
        pool.release(small);
        assertSame(small, pool.acquire(850), "900 bytes fit 850 and are the smallest free buffer");
        assertSame(large, pool.acquire(850), "the only free buffer left that fits");
        ByteBuffer fresh = pool.acquire(850);
        assertNotSame(small, fresh);
        assertNotSame(large, fresh);
    }

    @Test
    void tooSmallFreeBuffersAreNotHandedOut() {
        BufferPool pool = new BufferPool(4);
        ByteBuffer small = pool.acquire(80);
        pool.release(small);
        ByteBuffer b = pool.acquire(100);
        assertNotSame(small, b);
        assertEquals(112, b.capacity());
    }

    @Test
    void atMostMaxFreeBuffersAreKept() {
        BufferPool pool = new BufferPool(1);
        ByteBuffer a = pool.acquire(64);
        ByteBuffer b = pool.acquire(64);
        pool.release(a);
        pool.release(b);
        assertSame(a, pool.acquire(64));
        ByteBuffer c = pool.acquire(64);
        assertNotSame(a, c);
        assertNotSame(b, c, "the second release was dropped");
    }

    @Test
    void tensorsBeyondTwoGibibytesAreRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new BufferPool(1).acquire(1L << 31));
        assertEquals("batch tensor of 2147483648 bytes exceeds 2 GiB; use a smaller batch", e.getMessage());
    }

    @Test
    void closingABatchReturnsItsBuffersOnce() {
        BufferPool pool = new BufferPool(4);
        BatchContext ctx = new BatchContext(LoaderPosition.startOf(0), new int[] {7}, 1, pool);
        BatchTensor t = ctx.allocate(ElementType.FLOAT, 1, 3);
        assertEquals(12, t.data().capacity(), "the tensor is a view of exactly its bytes");
        List<ByteBuffer> leases = List.copyOf(ctx.leases());
        assertEquals(1, leases.size());
        Batch batch = new Batch(ctx.position(), new int[] {7}, Map.of("t", t), ctx.leases(), pool);
        batch.close();
        batch.close();
        assertSame(leases.get(0), pool.acquire(12));
        assertNotSame(leases.get(0), pool.acquire(12), "a second close must not release the buffer again");
    }
}

package org.vlbert.data.testutil;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.vlbert.data.load.BatchContext;
import org.vlbert.data.load.BatchTensor;
import org.vlbert.data.load.BufferPool;
import org.vlbert.data.load.Collator;
import org.vlbert.data.load.LoaderPosition;
import org.vlbert.data.regions.Region;

/** Hand-made regions and one-batch collation for collator tests. */
public final class TestBatches {
    private TestBatches() {}

    /** A float32 region row; {@code imageBox} may be null, {@code classScores} null or [boxes × c]. */
    public static Region region(String id, int w, int h, int dim, float[] boxes, float[] feats, float[] imageBox,
                                float[] classScores) {
        int n = boxes.length / 4;
        return new Region(id, w, h, n, dim, false, floats(boxes), floats(feats),
                imageBox == null ? null : floats(imageBox), classScores == null ? null : floats(classScores),
                classScores == null ? 0 : classScores.length / Math.max(1, n), null, 0, null, null, null, null);
    }

    public static ByteBuffer floats(float... v) {
        ByteBuffer b = ByteBuffer.allocateDirect(Math.max(4, v.length * 4)).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < v.length; i++) {
            b.putFloat(i * 4, v[i]);
        }
        return b;
    }

    /** Collates {@code rows} as batch {@code batch} of {@code epoch} whose rows have the dataset indices {@code indices}. */
    public static <R> Map<String, BatchTensor> collate(Collator<R> c, List<R> rows, int epoch, int batch, long seed,
                                                       int... indices) {
        int[] idx = indices.length > 0 ? indices : java.util.stream.IntStream.range(0, rows.size()).toArray();
        return c.collate(rows, new BatchContext(new LoaderPosition(epoch, batch), idx, seed, new BufferPool(8)));
    }

    public static float[] floats(BatchTensor t) {
        float[] v = new float[(int) t.numel()];
        t.floats().get(v);
        return v;
    }

    public static long[] longs(BatchTensor t) {
        long[] v = new long[(int) t.numel()];
        t.longs().get(v);
        return v;
    }

    public static float[] slice(float[] a, int from, int to) {
        return Arrays.copyOfRange(a, from, to);
    }

    public static long[] slice(long[] a, int from, int to) {
        return Arrays.copyOfRange(a, from, to);
    }
}

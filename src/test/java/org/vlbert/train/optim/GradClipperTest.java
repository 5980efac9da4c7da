package org.vlbert.train.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.FloatBuffer;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.vlbert.testutil.TestBuffers;

class GradClipperTest {

    @Test
    void clipsByGlobalNormWithEpsilon() {
        FloatBuffer a = TestBuffers.direct(3f, 4f);
        FloatBuffer b = TestBuffers.direct(12f);
        GradClipper.Result r = new GradClipper(1.0).clip(List.of(a, b));
        assertEquals(13.0, r.totalNorm(), 0.0);
        double coef = 1.0 / (13.0 + 1e-6);
        assertEquals(coef, r.clipCoef(), 0.0);
        assertTrue(r.clipped());
        assertTrue(r.finite());
        float c = (float) coef;
        assertArrayEquals(new float[] {3f * c, 4f * c}, TestBuffers.toArray(a));
        assertArrayEquals(new float[] {12f * c}, TestBuffers.toArray(b));
    }

    @Test
    void leavesGradientsAloneBelowTheLimit() {
        FloatBuffer a = TestBuffers.direct(3f, 4f);
        GradClipper.Result r = new GradClipper(5.0).clip(List.of(a));
        // coef = 5/(5+1e-6) < 1: PyTorch clips even at exactly the limit.
        assertTrue(r.clipped());
        FloatBuffer b = TestBuffers.direct(3f, 4f);
        GradClipper.Result r2 = new GradClipper(10.0).clip(List.of(b));
        assertFalse(r2.clipped());
        assertEquals(5.0, r2.totalNorm());
        assertArrayEquals(new float[] {3f, 4f}, TestBuffers.toArray(b));
    }

    @Test
    void reportsNonFiniteAndDoesNotScale() {
        FloatBuffer a = TestBuffers.direct(3f, Float.NaN);
        GradClipper.Result r = new GradClipper(1.0).clip(List.of(a));
        assertFalse(r.finite());
        assertFalse(r.clipped());
        assertEquals(3f, a.get(0));
        FloatBuffer inf = TestBuffers.direct(1f, Float.POSITIVE_INFINITY);
        GradClipper.Result ri = new GradClipper(1.0).clip(List.of(inf));
        assertEquals(Double.POSITIVE_INFINITY, ri.totalNorm());
        assertFalse(ri.finite());
        assertEquals(1f, inf.get(0));
    }

    @Test
    void normOfLargeBufferMatchesDoubleSum() {
        int n = FloatBuffers.CHUNK * 3 + 17;
        float[] v = new float[n];
        Random rnd = new Random(3);
        double sum = 0;
        for (int i = 0; i < n; i++) {
            v[i] = (float) rnd.nextGaussian();
            sum += (double) v[i] * v[i];
        }
        assertEquals(Math.sqrt(sum), GradClipper.globalNorm(List.of(TestBuffers.direct(v)), FloatBuffers.scratch()), 1e-12);
    }

    @Test
    void rejectsNonPositiveMaxNorm() {
        OptimizerException e = assertThrows(OptimizerException.class, () -> new GradClipper(-1));
        assertTrue(e.getMessage().contains("TRAIN.CLIP_GRAD_NORM"));
    }
}

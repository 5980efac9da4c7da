package org.vlbert.runtime;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Draws dropout keep-masks from (run seed, step, site) with a counter-based generator, so a
 * step's masks depend on nothing else: a resumed run draws exactly the masks the uninterrupted
 * run would have drawn. Each 64-bit SplitMix64 output gives four 16-bit uniforms; an element is
 * kept when its uniform is at least round(p · 65536).
 */
public final class DropoutMasks {
    private DropoutMasks() {}

    /** Fills {@code out} (one byte per element: 1 keep, 0 drop) for {@code count} elements. */
    public static void fill(ByteBuffer out, long count, float p, long seed, long step, String site) {
        int threshold = Math.round(p * 65536f);
        long key = mix(seed ^ mix(step + 0x632BE59BD9B4E019L) ^ siteHash(site));
        ByteBuffer b = out.duplicate().order(ByteOrder.nativeOrder());
        b.clear();
        long i = 0;
        long block = 0;
        while (i < count) {
            long r = mix(key + block++ * 0x9E3779B97F4A7C15L);
            for (int lane = 0; lane < 4 && i < count; lane++, i++) {
                int u = (int) ((r >>> (16 * lane)) & 0xFFFF);
                b.put((int) i, (byte) (u >= threshold ? 1 : 0));
            }
        }
    }

    static long siteHash(String site) {
        long h = 0xcbf29ce484222325L;
        for (byte c : site.getBytes(StandardCharsets.UTF_8)) {
            h ^= c;
            h *= 0x100000001b3L;
        }
        return h;
    }

    /** SplitMix64 finaliser. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}

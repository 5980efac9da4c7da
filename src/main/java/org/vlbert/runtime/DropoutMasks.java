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
        // Lane k of a block is element 4·block + k: little-endian int stores put lane 0 first.
        ByteBuffer b = out.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        long fullBlocks = count / 4;
        for (long block = 0; block < fullBlocks; block++) {
            long r = mix(key + block * 0x9E3779B97F4A7C15L);
            int packed = 0;
            for (int lane = 0; lane < 4; lane++) {
                packed |= keep(r, lane, threshold) << (8 * lane);
            }
            b.putInt((int) (4 * block), packed);
        }
        long r = mix(key + fullBlocks * 0x9E3779B97F4A7C15L);
        for (int lane = 0; 4 * fullBlocks + lane < count; lane++) {
            b.put((int) (4 * fullBlocks + lane), (byte) keep(r, lane, threshold));
        }
    }

    /** 1 when the 16-bit uniform in {@code lane} of {@code r} is at least {@code threshold}, else 0. */
    private static int keep(long r, int lane, int threshold) {
        int u = (int) ((r >>> (16 * lane)) & 0xFFFF);
        return u >= threshold ? 1 : 0;
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

package org.vlbert.data.pretrain;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.vlbert.data.text.WordPieces;

/** Whole-word masking and masked-region draws: exact decisions for scripted draws, rates for a fixed seed. */
class MaskingRulesTest {
    private static final int MASK = 103;

    @Test
    void eachWordIsDecidedOnceAndAllItsPiecesFollow() {
        WordPieces words = new WordPieces(new int[] {10, 11, 12, 13, 14, 15}, new int[] {2, 1, 2, 1});
        // word 0: p = 0.05 -> [MASK]s; word 1: 0.13 (p/0.15 = 0.87) -> random id 7; word 2: 0.14 (0.93) -> kept
        // but predicted; word 3: 0.5 -> untouched
        ScriptedDraws d = ScriptedDraws.doubles(0.05, 0.13, 0.14, 0.5).ints(7);
        MaskedText t = new WholeWordMasking(30522, MASK).apply(words, d);
        assertArrayEquals(new int[] {MASK, MASK, 7, 13, 14, 15}, t.ids());
        assertArrayEquals(new int[] {10, 11, 12, 13, 14, -1}, t.labels());
        assertTrue(d.exhausted());
        // p = 0.15 is not selected; a random word draws one id per piece
        ScriptedDraws e = ScriptedDraws.doubles(0.15, 0.13).ints(1, 2);
        MaskedText u = new WholeWordMasking(30522, MASK).apply(new WordPieces(new int[] {10, 11, 12},
                new int[] {1, 2}), e);
        assertArrayEquals(new int[] {10, 1, 2}, u.ids());
        assertArrayEquals(new int[] {-1, 11, 12}, u.labels());
    }

    @Test
    void withAFixedSeedTheRatesAreTheReferenceProbabilities() {
        int n = 20000;
        int[] ids = new int[n];
        int[] lengths = new int[n];
        for (int i = 0; i < n; i++) {
            ids[i] = 1000 + i % 500;
            lengths[i] = 1;
        }
        MaskedText t = new WholeWordMasking(30522, MASK).apply(new WordPieces(ids, lengths),
                RandomDraws.of(new SplittableRandom(42)));
        int masked = 0;
        int replaced = 0;
        int kept = 0;
        for (int i = 0; i < n; i++) {
            if (t.labels()[i] == -1) {
                assertEquals(ids[i], t.ids()[i]);
            } else if (t.ids()[i] == MASK) {
                masked++;
            } else if (t.ids()[i] == ids[i]) {
                kept++;
            } else {
                replaced++;
            }
        }
        assertEquals(0.12, masked / (double) n, 0.01);
        assertEquals(0.015, replaced / (double) n, 0.004);
        assertEquals(0.015, kept / (double) n, 0.004);
    }

    @Test
    void regionsAreSelectedAt15PercentAndMaskedAt90PercentOfThose() {
        assertArrayEquals(new int[] {1, 2, 0}, RegionMasking.draw(3, ScriptedDraws.doubles(0.01, 0.14, 0.2)));
        int[] ops = RegionMasking.draw(20000, RandomDraws.of(new SplittableRandom(7)));
        int masked = 0;
        int kept = 0;
        for (int o : ops) {
            masked += o == 1 ? 1 : 0;
            kept += o == 2 ? 1 : 0;
        }
        assertEquals(0.135, masked / 20000.0, 0.01);
        assertEquals(0.015, kept / 20000.0, 0.004);
    }
}

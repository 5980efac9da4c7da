package org.vlbert.data.tokenizer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Expected values are what CPython 3.11 returns for the same calls. */
class PythonTextTest {
    @Test
    void lowerAppliesPythonsFinalSigmaRule() {
        assertEquals("λογος-λογος", PythonText.lower("ΛΟΓΟΣ-ΛΟΓΟΣ"));
        assertEquals("τελοσ:αρχη", PythonText.lower("ΤΕΛΟΣ:ΑΡΧΗ"));
        assertEquals("φως1α", PythonText.lower("ΦΩΣ1Α"));
        assertEquals("α-σ", PythonText.lower("Α-Σ"));
        assertEquals("σ", PythonText.lower("Σ"));
        assertEquals("οδυσσευς.", PythonText.lower("ΟΔΥΣΣΕΥΣ."));
    }

    @Test
    void lowerUsesFullMappings() {
        assertEquals("i\u0307stanbul", PythonText.lower("\u0130STANBUL"));
        assertEquals("\u00df", PythonText.lower("\u1e9e"));
        assertEquals("k\u03c9\u00e5", PythonText.lower("\u212a\u2126\u212b"));
        assertEquals("\ud801\udc28", PythonText.lower("\ud801\udc00")); // Deseret, outside the BMP
        String unchanged = "already lower 123";
        assertTrue(unchanged == PythonText.lower(unchanged));
    }

    @Test
    void isSpaceIsPythonsDefinition() {
        for (int cp : new int[] {' ', '\t', '\n', 0x0B, 0x0C, '\r', 0x1C, 0x1F, 0x85, 0xA0, 0x1680, 0x2000, 0x200A,
                0x2028, 0x2029, 0x202F, 0x205F, 0x3000}) {
            assertTrue(PythonText.isSpace(cp), Integer.toHexString(cp));
        }
        for (int cp : new int[] {0x00, 0x1B, 0x200B, 0xFEFF, 0x180E, 'a'}) {
            assertFalse(PythonText.isSpace(cp), Integer.toHexString(cp));
        }
    }

    @Test
    void stripAndSplitUsePythonWhitespace() {
        assertEquals("a\u200bb", PythonText.strip("\u00a0\u3000 a\u200bb\u2029\n"));
        assertEquals("", PythonText.strip(" \t "));
        assertEquals(List.of("a", "b", "c"), PythonText.split("\u2028a  b\u0085c\u00a0"));
        assertEquals(List.of(), PythonText.split("   "));
    }
}

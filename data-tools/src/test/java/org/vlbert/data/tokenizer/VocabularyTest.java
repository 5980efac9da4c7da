package org.vlbert.data.tokenizer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VocabularyTest {
    private static final String SPECIALS = "[PAD]\n[UNK]\n[CLS]\n[SEP]\n[MASK]\n";

    @TempDir
    Path dir;

    private Path write(String content) throws IOException {
        Path file = dir.resolve("vocab.txt");
        Files.writeString(file, content, StandardCharsets.UTF_8);
        return file;
    }

    @Test
    void idsAreLineNumbersOfStrippedLinesWithAnyLineEnding() throws IOException {
        Vocabulary vocab = Vocabulary.load(write(SPECIALS + "  hello \r\nworld\r##ing\u00a0\n"));
        assertEquals(8, vocab.size());
        assertEquals(5, vocab.id("hello"));
        assertEquals(6, vocab.id("world"));
        assertEquals(7, vocab.id("##ing"));
        assertEquals("hello", vocab.token(5));
        assertTrue(vocab.duplicateTokens().isEmpty());
    }

    @Test
    void laterDuplicateWinsAndEarlierIdHasNoToken() throws IOException {
        Vocabulary vocab = Vocabulary.load(write(SPECIALS + "dup\nother\n dup\n"));
        assertEquals(7, vocab.id("dup"));
        assertEquals(List.of("dup"), vocab.duplicateTokens());
        VocabularyException e = assertThrows(VocabularyException.class, () -> vocab.token(5));
        assertTrue(e.getMessage().contains("token id 5") && e.getMessage().contains("later id wins"), e.getMessage());
    }

    @Test
    void unknownTokenAndIdOutOfRangeAreErrors() throws IOException {
        Path file = write(SPECIALS);
        Vocabulary vocab = Vocabulary.load(file);
        VocabularyException unknown = assertThrows(VocabularyException.class, () -> vocab.id("zebra"));
        assertEquals("token 'zebra' is not in vocabulary " + file, unknown.getMessage());
        VocabularyException range = assertThrows(VocabularyException.class, () -> vocab.token(5));
        assertEquals("token id 5 is outside vocabulary " + file + " (ids 0..4)", range.getMessage());
        assertThrows(VocabularyException.class, () -> vocab.token(-1));
        assertFalse(vocab.contains("zebra"));
    }

    @Test
    void missingFileNamesThePath() {
        Path missing = dir.resolve("nope").resolve("vocab.txt");
        VocabularyException e = assertThrows(VocabularyException.class, () -> Vocabulary.load(missing));
        assertTrue(e.getMessage().startsWith("vocabulary file " + missing + " does not exist"), e.getMessage());
    }

    @Test
    void directoryIsRejectedWithAHint() {
        VocabularyException e = assertThrows(VocabularyException.class, () -> Vocabulary.load(dir));
        assertTrue(e.getMessage().contains("is a directory; pass the vocab.txt file inside it"), e.getMessage());
    }

    @Test
    void invalidUtf8IsRejected() throws IOException {
        Path file = dir.resolve("vocab.txt");
        Files.write(file, new byte[] {'[', 'P', 'A', 'D', ']', '\n', (byte) 0xC3, (byte) 0x28, '\n'});
        VocabularyException e = assertThrows(VocabularyException.class, () -> Vocabulary.load(file));
        assertTrue(e.getMessage().contains("is not valid UTF-8"), e.getMessage());
    }

    @Test
    void emptyFileAndMissingSpecialTokensAreRejected() throws IOException {
        Path empty = write("");
        assertEquals("vocabulary file " + empty + " is empty",
                assertThrows(VocabularyException.class, () -> Vocabulary.load(empty)).getMessage());
        Path noMask = write("[PAD]\n[UNK]\n[CLS]\n[SEP]\nhello\n");
        VocabularyException e = assertThrows(VocabularyException.class, () -> Vocabulary.load(noMask));
        assertTrue(e.getMessage().contains("has no line '[MASK]'"), e.getMessage());
    }
}

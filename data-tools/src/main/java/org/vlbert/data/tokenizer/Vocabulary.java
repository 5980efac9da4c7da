package org.vlbert.data.tokenizer;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A WordPiece vocabulary read from a BERT {@code vocab.txt}, with the reference's rules: UTF-8,
 * one token per line, each line stripped of surrounding (Python) whitespace, id = 0-based line
 * number. If a token occurs twice, the later line wins and the earlier id has no token, exactly
 * like the reference's dictionaries; {@link #duplicateTokens()} lists such tokens.
 */
public final class Vocabulary {
    /** Tokens that every BERT vocabulary used by VL-BERT must contain. */
    public static final List<String> REQUIRED_SPECIAL_TOKENS =
            List.of("[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]");

    private final Path file;
    private final Map<String, Integer> idsByToken;
    private final String[] tokensById;
    private final List<String> duplicateTokens;
    private final int maxTokenCodePoints;

    private Vocabulary(Path file, List<String> lines) {
        this.file = file;
        this.idsByToken = new HashMap<>(lines.size() * 2);
        Set<String> duplicates = new LinkedHashSet<>();
        int maxLength = 0;
        for (int id = 0; id < lines.size(); id++) {
            String token = lines.get(id);
            Integer previous = idsByToken.put(token, id);
            if (previous != null) {
                duplicates.add(token);
            }
            maxLength = Math.max(maxLength, token.codePointCount(0, token.length()));
        }
        this.tokensById = new String[lines.size()];
        idsByToken.forEach((token, id) -> tokensById[id] = token);
        this.duplicateTokens = List.copyOf(duplicates);
        this.maxTokenCodePoints = maxLength;
        for (String special : REQUIRED_SPECIAL_TOKENS) {
            if (!idsByToken.containsKey(special)) {
                throw new VocabularyException("vocabulary " + file + " has no line '" + special
                        + "'; a BERT vocab.txt must contain " + String.join(" ", REQUIRED_SPECIAL_TOKENS));
            }
        }
    }

    /** Reads {@code vocab.txt}; fails with a message naming the file if it is missing, unreadable or not UTF-8. */
    public static Vocabulary load(Path file) {
        if (Files.isDirectory(file)) {
            throw new VocabularyException("vocabulary path " + file
                    + " is a directory; pass the vocab.txt file inside it");
        }
        List<String> lines = new ArrayList<>();
        var decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        // BufferedReader ends lines at \n, \r or \r\n, like Python's universal-newline readline().
        try (BufferedReader reader = new BufferedReader(
                new InputStreamReader(Files.newInputStream(file), decoder))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                lines.add(PythonText.strip(line));
            }
        } catch (NoSuchFileException e) {
            throw new VocabularyException("vocabulary file " + file + " does not exist; pass the vocab.txt "
                    + "of the BERT model (e.g. model/pretrained_model/bert-base-uncased/vocab.txt)");
        } catch (CharacterCodingException e) {
            throw new VocabularyException("vocabulary file " + file + " is not valid UTF-8 (after line "
                    + lines.size() + ")", e);
        } catch (IOException e) {
            throw new VocabularyException("cannot read vocabulary file " + file + ": " + e.getMessage(), e);
        }
        if (lines.isEmpty()) {
            throw new VocabularyException("vocabulary file " + file + " is empty");
        }
        return new Vocabulary(file, lines);
    }

    /** The file this vocabulary was read from. */
    public Path file() {
        return file;
    }

    /** Number of lines, i.e. one more than the largest id. */
    public int size() {
        return tokensById.length;
    }

    public boolean contains(String token) {
        return idsByToken.containsKey(token);
    }

    /** The id of {@code token}; like the reference there is no [UNK] fallback here. */
    public long id(String token) {
        Integer id = idsByToken.get(token);
        if (id == null) {
            throw new VocabularyException("token '" + token + "' is not in vocabulary " + file);
        }
        return id;
    }

    /** The token with {@code id}. */
    public String token(long id) {
        if (id < 0 || id >= tokensById.length) {
            throw new VocabularyException("token id " + id + " is outside vocabulary " + file
                    + " (ids 0.." + (tokensById.length - 1) + ")");
        }
        String token = tokensById[(int) id];
        if (token == null) {
            throw new VocabularyException("token id " + id + " of vocabulary " + file
                    + " has no token: its line repeats a token that occurs again later, and the later id wins");
        }
        return token;
    }

    /** Tokens that occur on more than one line (each listed once, in order of first repetition). */
    public List<String> duplicateTokens() {
        return duplicateTokens;
    }

    /** Length in code points of the longest entry; no WordPiece match can be longer. */
    int maxTokenCodePoints() {
        return maxTokenCodePoints;
    }
}

package org.vlbert.data.vqa;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.vlbert.data.DataException;

/**
 * The VQA answer vocabulary ({@code answers_vqa.txt}), processed as the reference does with
 * {@code USE_IMDB: false}: each line lower-cased and stripped, empty lines dropped, then
 * {@link VqaPunctuation#process} on every entry except {@code <unk>}. Index = label index; a
 * string maps to its first occurrence by exact match, anything else to {@code <unk>}.
 */
public final class AnswerVocabulary {
    public static final String UNK = "<unk>";

    private final List<String> answers;
    private final Map<String, Integer> index = new HashMap<>();
    private final int unkIndex;

    public AnswerVocabulary(List<String> processedAnswers) {
        this.answers = List.copyOf(processedAnswers);
        for (int i = 0; i < answers.size(); i++) {
            index.putIfAbsent(answers.get(i), i);
        }
        Integer unk = index.get(UNK);
        if (unk == null) {
            throw new DataException("answer vocabulary has no '" + UNK + "' entry (the reference requires one)");
        }
        this.unkIndex = unk;
    }

    /** Reads and processes an answers file. */
    public static AnswerVocabulary load(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new DataException(file + ": no such file");
        } catch (IOException e) {
            throw new DataException(file + ": cannot read (" + e.getMessage() + ")", e);
        }
        List<String> processed = new ArrayList<>();
        for (String line : lines) {
            String a = line.toLowerCase(Locale.ROOT).strip();
            if (a.isEmpty()) {
                continue;
            }
            processed.add(a.equals(UNK) ? a : VqaPunctuation.process(a));
        }
        try {
            return new AnswerVocabulary(processed);
        } catch (DataException e) {
            throw new DataException(file + ": " + e.getMessage());
        }
    }

    public int size() {
        return answers.size();
    }

    public String answer(int i) {
        return answers.get(i);
    }

    public List<String> answers() {
        return answers;
    }

    public int unkIndex() {
        return unkIndex;
    }

    /** The label index of a raw answer string (exact match), or the {@code <unk>} index. */
    public int indexOrUnk(String answer) {
        Integer i = index.get(answer);
        return i == null ? unkIndex : i;
    }
}

package org.vlbert.tasks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Ids of [CLS], [SEP] and [MASK], which the task graphs insert themselves. Read from
 * {@code <BERT_MODEL_NAME>/vocab.txt} when it exists; otherwise the bert-base-uncased ids
 * (101/102/103), which every shipped vocabulary and our demo vocabulary use.
 */
public record SpecialTokens(long cls, long sep, long mask) {
    public static final SpecialTokens BERT = new SpecialTokens(101, 102, 103);

    public static SpecialTokens fromBertDir(String bertModelName) {
        if (bertModelName == null || bertModelName.isBlank()) {
            return BERT;
        }
        Path vocab = Path.of(bertModelName).resolve("vocab.txt");
        if (!Files.isRegularFile(vocab)) {
            return BERT;
        }
        try {
            List<String> lines = Files.readAllLines(vocab, StandardCharsets.UTF_8);
            return new SpecialTokens(indexOf(lines, "[CLS]", vocab), indexOf(lines, "[SEP]", vocab),
                    indexOf(lines, "[MASK]", vocab));
        } catch (IOException e) {
            return BERT;
        }
    }

    private static long indexOf(List<String> lines, String token, Path vocab) {
        int i = lines.indexOf(token);
        if (i < 0) {
            throw new org.vlbert.cli.VlbertException(vocab + " has no " + token + " token");
        }
        return i;
    }
}

package org.vlbert.export;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.vlbert.data.tokenizer.Vocabulary;

/**
 * A {@code tokenizer.json} in the Hugging Face {@code tokenizers} format that reproduces the
 * reference BERT uncased WordPiece tokenizer as closely as that format allows: BertNormalizer
 * (clean text, CJK spacing, lower-casing, accent stripping), BertPreTokenizer, WordPiece with
 * {@code ##} continuations and a 100-character word limit, the five special tokens as added
 * tokens, and <b>no post-processor</b>: encoding a question yields exactly the ids the model's
 * {@code question}/{@code expression} input wants (the graph adds [CLS], [SEP] and [MASK] itself).
 * Known differences from the reference are listed in docs/export.md.
 */
public final class TokenizerJson {
    /** WordPiece's limit on the characters of one word (longer words become [UNK]). */
    public static final int MAX_INPUT_CHARS_PER_WORD = 100;

    private TokenizerJson() {}

    public static byte[] write(Vocabulary vocab) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode root = f.objectNode();
        root.put("version", "1.0");
        root.putNull("truncation");
        root.putNull("padding");
        ArrayNode added = root.putArray("added_tokens");
        for (String special : List.of("[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]")) {
            ObjectNode t = added.addObject();
            t.put("id", vocab.id(special));
            t.put("content", special);
            t.put("single_word", false);
            t.put("lstrip", false);
            t.put("rstrip", false);
            t.put("normalized", false);
            t.put("special", true);
        }
        ObjectNode norm = root.putObject("normalizer");
        norm.put("type", "BertNormalizer");
        norm.put("clean_text", true);
        norm.put("handle_chinese_chars", true);
        norm.putNull("strip_accents");   // null = follow lowercase, as BERT uncased does
        norm.put("lowercase", true);
        root.putObject("pre_tokenizer").put("type", "BertPreTokenizer");
        root.putNull("post_processor");
        ObjectNode decoder = root.putObject("decoder");
        decoder.put("type", "WordPiece");
        decoder.put("prefix", "##");
        decoder.put("cleanup", true);
        ObjectNode model = root.putObject("model");
        model.put("type", "WordPiece");
        model.put("unk_token", "[UNK]");
        model.put("continuing_subword_prefix", "##");
        model.put("max_input_chars_per_word", MAX_INPUT_CHARS_PER_WORD);
        ObjectNode ids = model.putObject("vocab");
        for (int id = 0; id < vocab.size(); id++) {
            String token = tokenOrNull(vocab, id);
            if (token != null && vocab.id(token) == id) {
                ids.put(token, id);
            }
        }
        try {
            return new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(root);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise tokenizer.json", e);
        }
    }

    /** The token of {@code id}, or null for the id of a line whose token repeats later (the later id wins). */
    private static String tokenOrNull(Vocabulary vocab, int id) {
        try {
            return vocab.token(id);
        } catch (org.vlbert.data.tokenizer.VocabularyException e) {
            return null;
        }
    }
}

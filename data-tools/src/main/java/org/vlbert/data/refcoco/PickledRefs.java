package org.vlbert.data.refcoco;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.razorvine.pickle.PickleException;
import net.razorvine.pickle.Unpickler;
import org.vlbert.data.DataException;
import org.vlbert.data.convert.BadInputException;

/**
 * Reads REFER's {@code refs(<split_by>).p}: a Python 2 pickle of a list of ref dicts. Python 2
 * {@code str} values arrive from the unpickler as one char per byte; they are re-decoded as UTF-8
 * when that is what the bytes are.
 */
final class PickledRefs {
    /** A ref as read from the pickle, before COCO data is joined. */
    record Ref(int index, long refId, long annId, long imageId, String split, int categoryId, String fileName,
               List<RefSentence> sentences, List<List<String>> tokens) {}

    private PickledRefs() {}

    static List<Object> load(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            Object o = new Unpickler().load(in);
            if (!(o instanceof List<?> list)) {
                throw new DataException(file + ": expected a pickled list of refs, got "
                        + (o == null ? "None" : o.getClass().getSimpleName()));
            }
            return new ArrayList<>(list);
        } catch (NoSuchFileException e) {
            throw new DataException(file + ": no such file");
        } catch (PickleException | IOException e) {
            throw new DataException(file + ": not a readable pickle (" + e.getMessage() + ")", e);
        }
    }

    /** Parses entry {@code index}; everything the reference reads must be present. */
    static Ref parse(Path file, int index, Object entry) {
        String at = file.toString();
        String what = "refs[" + index + "]";
        if (!(entry instanceof Map<?, ?> m)) {
            throw new BadInputException(at, what + ": not a dict");
        }
        long refId = integer(m, "ref_id", at, what);
        long annId = integer(m, "ann_id", at, what);
        long imageId = integer(m, "image_id", at, what);
        String split = text(m, "split", at, what);
        int categoryId = Math.toIntExact(integer(m, "category_id", at, what));
        Object fn = m.get("file_name");
        String fileName = fn == null ? null : py2(fn.toString());
        Object sents = m.get("sentences");
        if (!(sents instanceof List<?> list)) {
            throw new BadInputException(at, what + ": missing list 'sentences'");
        }
        List<RefSentence> sentences = new ArrayList<>();
        List<List<String>> tokens = new ArrayList<>();
        for (int s = 0; s < list.size(); s++) {
            String sw = what + ".sentences[" + s + "]";
            if (!(list.get(s) instanceof Map<?, ?> sm)) {
                throw new BadInputException(at, sw + ": not a dict");
            }
            Object tk = sm.get("tokens");
            if (!(tk instanceof List<?> tl)) {
                throw new BadInputException(at, sw + ": missing list 'tokens'");
            }
            List<String> words = new ArrayList<>();
            for (Object t : tl) {
                words.add(py2(String.valueOf(t)));
            }
            tokens.add(words);
            sentences.add(new RefSentence(integer(sm, "sent_id", at, sw), text(sm, "raw", at, sw), text(sm, "sent", at, sw),
                    words, null));
        }
        return new Ref(index, refId, annId, imageId, split, categoryId, fileName, sentences, tokens);
    }

    private static long integer(Map<?, ?> m, String key, String at, String what) {
        Object v = m.get(key);
        if (!(v instanceof Number n) || v instanceof Double || v instanceof Float) {
            throw new BadInputException(at, what + ": '" + key + "' must be an integer, got " + v);
        }
        return n.longValue();
    }

    private static String text(Map<?, ?> m, String key, String at, String what) {
        Object v = m.get(key);
        if (!(v instanceof String s)) {
            throw new BadInputException(at, what + ": '" + key + "' must be a string, got " + v);
        }
        return py2(s);
    }

    /** A Python 2 {@code str} of UTF-8 bytes, unpickled one char per byte, back to its text. */
    static String py2(String s) {
        boolean high = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c > 0xff) {
                return s;
            }
            high |= c >= 0x80;
        }
        if (!high) {
            return s;
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(s.getBytes(StandardCharsets.ISO_8859_1))).toString();
        } catch (CharacterCodingException e) {
            return s;
        }
    }
}

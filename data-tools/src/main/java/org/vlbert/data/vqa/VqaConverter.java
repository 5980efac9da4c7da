package org.vlbert.data.vqa;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.vlbert.data.DataException;
import org.vlbert.data.arrow.ArrowSink;
import org.vlbert.data.convert.BadInputException;
import org.vlbert.data.convert.BadRecords;
import org.vlbert.data.convert.ConversionOptions;
import org.vlbert.data.convert.ConversionReport;
import org.vlbert.data.convert.InputFiles;
import org.vlbert.data.convert.JsonArrayStream;
import org.vlbert.data.convert.JsonFields;
import org.vlbert.data.regions.RegionFeatures;
import org.vlbert.data.schema.SchemaMeta;
import org.vlbert.data.schema.VqaSchema;
import org.vlbert.data.text.TokenIds;
import org.vlbert.data.text.WordPieceTokenizer;

/**
 * {@code vlbert data convert-vqa}: VQA v2 questions (+ annotations) → a VQA samples file
 * ({@link VqaSchema}). As in the reference, the {@code questions} and {@code annotations} lists are
 * paired by position; unlike the reference, a pair whose question ids differ is reported as bad
 * input. Questions are tokenized once here, and the soft targets are computed against the answer
 * vocabulary. Both JSON files are streamed, so memory does not grow with their size.
 */
public final class VqaConverter {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One image set: its questions file and, except for test sets, its annotations file. */
    public record Input(Path questions, Path annotations) {}

    /**
     * @param vocabDescription recorded as {@code vlbert.vocab} (e.g. {@code "vocab.txt sha256:..."})
     * @param regions          when given, every image id must be present in it
     */
    public record Settings(AnswerVocabulary answers, WordPieceTokenizer tokenizer, String vocabDescription,
                           RegionFeatures regions) {}

    private VqaConverter() {}

    public static ConversionReport convert(List<Input> inputs, Path output, Settings settings, ConversionOptions options) {
        long start = System.nanoTime();
        BadRecords bad = new BadRecords(options.skipBad());
        try (ArrowSink sink = ArrowSink.create(output, VqaSchema.schema(metadata(settings)), options.batchBytes())) {
            long total = 0;
            for (Input in : inputs) {
                total += InputFiles.size(in.questions())
                        + (in.annotations() == null ? 0 : InputFiles.size(in.annotations()));
            }
            long doneBefore = 0;
            for (Input in : inputs) {
                doneBefore += convertSet(in, sink, settings, bad, options, doneBefore, total);
            }
            return ConversionReport.commit(sink, start, bad);
        }
    }

    private static long convertSet(Input in, ArrowSink sink, Settings settings, BadRecords bad, ConversionOptions options,
                                   long doneBefore, long total) {
        try (JsonArrayStream questions = new JsonArrayStream(in.questions(), "questions");
             JsonArrayStream annotations = in.annotations() == null ? null
                     : new JsonArrayStream(in.annotations(), "annotations")) {
            for (JsonNode q = questions.next(); q != null; q = questions.next()) {
                JsonNode a = null;
                if (annotations != null) {
                    a = annotations.next();
                    if (a == null) {
                        throw new DataException(in.annotations() + " has fewer entries (" + questions.index() + ") than "
                                + in.questions() + "; the two files must list the same questions in the same order");
                    }
                }
                try {
                    write(sink, questions, q, annotations, a, settings);
                } catch (BadInputException e) {
                    bad.handle(e);
                }
                long done = questions.bytesRead() + (annotations == null ? 0 : annotations.bytesRead());
                options.progress().update(doneBefore + done, total);
            }
            if (annotations != null && annotations.next() != null) {
                throw new DataException(in.annotations() + " has more entries than the " + (questions.index() + 1)
                        + " questions of " + in.questions());
            }
            return questions.size() + (annotations == null ? 0 : annotations.size());
        }
    }

    private static void write(ArrowSink sink, JsonArrayStream qs, JsonNode qNode, JsonArrayStream as, JsonNode aNode,
                              Settings settings) {
        JsonFields q = new JsonFields(qNode, qs.location(), "questions[" + qs.index() + "]");
        long questionId = q.requireLong("question_id");
        String imageId = q.requireId("image_id");
        String question = q.requireText("question");
        if (settings.regions() != null && settings.regions().indexOf(imageId) < 0) {
            throw q.error("image_id " + imageId + " is not in the regions file " + settings.regions().path());
        }
        List<String> answers = null;
        String mca = null;
        String answerType = null;
        String questionType = null;
        SoftTarget target = null;
        if (aNode != null) {
            JsonFields a = new JsonFields(aNode, as.location(), "annotations[" + as.index() + "]");
            long annotated = a.requireLong("question_id");
            if (annotated != questionId) {
                throw a.error("is for question_id " + annotated + " but questions[" + qs.index() + "] ("
                        + qs.location() + ") is question_id " + questionId
                        + "; the files must list the same questions in the same order");
            }
            answers = new ArrayList<>();
            int k = 0;
            for (JsonNode ans : a.requireArray("answers")) {
                JsonNode text = ans.get("answer");
                if (text == null || !text.isTextual()) {
                    throw a.error("answers[" + k + "] has no string 'answer'");
                }
                answers.add(text.asText());
                k++;
            }
            mca = a.optionalText("multiple_choice_answer");
            answerType = a.optionalText("answer_type");
            questionType = a.optionalText("question_type");
            target = SoftTarget.of(answers, settings.answers());
        }
        int[] ids = TokenIds.of(settings.tokenizer(), question);

        VqaRows.append(sink, new VqaSample(questionId, imageId, question, ids, answers, mca, answerType, questionType,
                target == null ? null : target.indices(), target == null ? null : target.scores()));
    }

    /** The schema metadata of a VQA file: answer vocabulary, flip token ids and vocab. */
    public static Map<String, String> metadata(Settings settings) {
        return metadata(settings.answers().answers(), TokenIds.wholeWordId(settings.tokenizer(), "left"),
                TokenIds.wholeWordId(settings.tokenizer(), "right"), settings.vocabDescription(), "vlbert data convert-vqa");
    }

    public static Map<String, String> metadata(List<String> answerVocab, int leftId, int rightId, String vocab,
                                               String writer) {
        Map<String, String> meta = new LinkedHashMap<>();
        try {
            meta.put(VqaSchema.META_ANSWER_VOCAB, JSON.writeValueAsString(answerVocab));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        meta.put(VqaSchema.META_LEFT_ID, Integer.toString(leftId));
        meta.put(VqaSchema.META_RIGHT_ID, Integer.toString(rightId));
        return SchemaMeta.withProvenance(meta, vocab, writer);
    }
}

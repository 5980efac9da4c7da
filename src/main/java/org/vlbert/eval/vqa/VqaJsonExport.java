package org.vlbert.eval.vqa;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.vlbert.cli.VlbertException;
import org.vlbert.data.vqa.VqaSample;
import org.vlbert.data.vqa.VqaSamples;
import org.vlbert.io.AtomicFiles;

/**
 * Writes a converted VQA samples file back as a VQA v2 question file and annotation file (the
 * official layout: {@code {"task_type": "Open-Ended", "questions": [{image_id, question,
 * question_id}]}} and {@code {"annotations": [{question_id, image_id, question_type, answer_type,
 * multiple_choice_answer, answers: [{answer, answer_confidence, answer_id}]}]}}), so that
 * {@code vlbert eval-vqa} can score result files of splits that only exist as Arrow files (the
 * demo data). Image ids are written as numbers when they are decimal integers. Answer
 * confidences are not stored in the Arrow file and are written as {@code "yes"}.
 */
public final class VqaJsonExport {
    private static final JsonFactory JSON = new JsonFactory();

    private VqaJsonExport() {}

    /** What was written; {@code annotations} is null when no row has annotations (a test split). */
    public record Result(Path questions, Path annotations, int questionCount, int annotatedCount) {}

    /** Writes {@code <prefix>_questions.json} and (if any row is annotated) {@code <prefix>_annotations.json}. */
    public static Result export(VqaSamples samples, Path dir, String prefix, String dataSubtype) {
        Path questions = dir.resolve(prefix + "_questions.json");
        Path annotations = dir.resolve(prefix + "_annotations.json");
        int annotated = 0;
        for (int i = 0; i < samples.size(); i++) {
            if (samples.get(i).annotated()) {
                annotated++;
            }
        }
        try {
            Files.createDirectories(dir);
            write(questions, g -> writeQuestions(g, samples, dataSubtype));
            if (annotated > 0) {
                write(annotations, g -> writeAnnotations(g, samples, dataSubtype));
            } else {
                Files.deleteIfExists(annotations);
            }
        } catch (IOException e) {
            throw new VlbertException("cannot write the VQA json files into " + dir + ": " + e.getMessage(), e);
        }
        return new Result(questions, annotated > 0 ? annotations : null, samples.size(), annotated);
    }

    private interface Body {
        void write(JsonGenerator g) throws IOException;
    }

    private static void write(Path file, Body body) throws IOException {
        AtomicFiles.write(file, ch -> {
            OutputStream out = Channels.newOutputStream(ch);
            try (JsonGenerator g = JSON.createGenerator(out)) {
                g.configure(JsonGenerator.Feature.AUTO_CLOSE_TARGET, false);
                body.write(g);
            }
            out.flush();
        });
    }

    private static void header(JsonGenerator g, String dataSubtype) throws IOException {
        g.writeObjectFieldStart("info");
        g.writeStringField("description", "exported by vlbert data export-vqa-json");
        g.writeEndObject();
        g.writeObjectFieldStart("license");
        g.writeEndObject();
        g.writeStringField("data_type", "mscoco");
        g.writeStringField("data_subtype", dataSubtype);
    }

    private static void writeQuestions(JsonGenerator g, VqaSamples samples, String dataSubtype) throws IOException {
        g.writeStartObject();
        header(g, dataSubtype);
        g.writeStringField("task_type", "Open-Ended");
        g.writeArrayFieldStart("questions");
        for (int i = 0; i < samples.size(); i++) {
            VqaSample s = samples.get(i);
            g.writeStartObject();
            imageId(g, s.imageId());
            g.writeStringField("question", s.question());
            g.writeNumberField("question_id", s.questionId());
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    private static void writeAnnotations(JsonGenerator g, VqaSamples samples, String dataSubtype) throws IOException {
        g.writeStartObject();
        header(g, dataSubtype);
        g.writeArrayFieldStart("annotations");
        for (int i = 0; i < samples.size(); i++) {
            VqaSample s = samples.get(i);
            if (!s.annotated()) {
                continue;
            }
            g.writeStartObject();
            g.writeNumberField("question_id", s.questionId());
            imageId(g, s.imageId());
            g.writeStringField("question_type", s.questionType());
            g.writeStringField("answer_type", s.answerType());
            g.writeStringField("multiple_choice_answer", s.multipleChoiceAnswer());
            g.writeArrayFieldStart("answers");
            List<String> answers = s.answers();
            for (int k = 0; k < answers.size(); k++) {
                g.writeStartObject();
                g.writeStringField("answer", answers.get(k));
                g.writeStringField("answer_confidence", "yes");
                g.writeNumberField("answer_id", k + 1);
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    private static void imageId(JsonGenerator g, String imageId) throws IOException {
        if (imageId.matches("\\d{1,18}")) {
            g.writeNumberField("image_id", Long.parseLong(imageId));
        } else {
            g.writeStringField("image_id", imageId);
        }
    }
}

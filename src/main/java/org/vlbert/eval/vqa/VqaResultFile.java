package org.vlbert.eval.vqa;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.vlbert.cli.VlbertException;
import org.vlbert.data.vqa.AnswerVocabulary;
import org.vlbert.eval.PythonText;
import org.vlbert.eval.ResultFiles;

/**
 * The VQA test result file in the EvalAI / VQA-challenge format, as the reference
 * {@code vqa/function/test.py} writes it (evaluation.md §2.4): {@code json.dump} of a list of
 * {@code {"question_id": int, "answer": str}} in question order, compact with Python's default
 * separators ({@code ", "} and {@code ": "}) and ASCII escapes, named
 * {@code <result_name>_vqa2_<TEST_IMAGE_SET>.json}. The answer is the vocabulary entry of the
 * arg-max logit over all columns: {@code <unk>} is not excluded, exactly as in the reference.
 */
public final class VqaResultFile {
    private VqaResultFile() {}

    public static String fileName(String resultName, String imageSet) {
        return resultName + "_vqa2_" + imageSet + ".json";
    }

    /** Pairs question ids with the answers of their arg-max columns. */
    public static List<VqaPrediction> predictions(List<Long> questionIds, int[] answerIndices,
                                                  AnswerVocabulary vocabulary) {
        if (questionIds.size() != answerIndices.length) {
            throw new IllegalArgumentException(questionIds.size() + " question ids but " + answerIndices.length
                    + " predictions");
        }
        List<VqaPrediction> out = new ArrayList<>(answerIndices.length);
        for (int i = 0; i < answerIndices.length; i++) {
            int a = answerIndices[i];
            if (a < 0 || a >= vocabulary.size()) {
                throw new VlbertException("the model predicts answer column " + a + " but the samples' answer vocabulary"
                        + " has " + vocabulary.size() + " entries: DATASET.ANSWER_VOCAB_SIZE does not match the data");
            }
            out.add(new VqaPrediction(questionIds.get(i), vocabulary.answer(a)));
        }
        return out;
    }

    /** The file's exact text (no trailing newline, as json.dump writes it). */
    public static String toJson(List<VqaPrediction> predictions) {
        StringBuilder out = new StringBuilder(predictions.size() * 40 + 2).append('[');
        for (int i = 0; i < predictions.size(); i++) {
            VqaPrediction p = predictions.get(i);
            if (i > 0) {
                out.append(", ");
            }
            out.append("{\"question_id\": ").append(p.questionId()).append(", \"answer\": ")
                    .append(PythonText.jsonString(p.answer())).append('}');
        }
        return out.append(']').toString();
    }

    /** Writes {@code dir/<result_name>_vqa2_<imageSet>.json} atomically and returns its path. */
    public static Path write(Path dir, String resultName, String imageSet, List<VqaPrediction> predictions) {
        return ResultFiles.writeText(dir.resolve(fileName(resultName, imageSet)), toJson(predictions));
    }
}

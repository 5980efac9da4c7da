package org.vlbert.eval.vqa;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import org.vlbert.cli.VlbertException;
import org.vlbert.config.VlbertConfig;
import org.vlbert.data.vqa.AnswerVocabulary;
import org.vlbert.eval.Argmax;
import org.vlbert.eval.EvalLoop;
import org.vlbert.eval.InferenceModel;
import org.vlbert.eval.Validation;
import org.vlbert.tasks.EvalRow;
import org.vlbert.tasks.vqa.VqaTaskData;
import org.vlbert.train.BatchStream;

/** VQA test (the EvalAI result file) and validation (SoftAcc and per-question answers) with the inference graph. */
public final class VqaRuns {
    private VqaRuns() {}

    /** The test result file of DATASET.TEST_IMAGE_SET, written into {@code dir}. */
    public static Path test(VlbertConfig cfg, InferenceModel model, Path dir, String resultName, Consumer<String> log) {
        String set = cfg.dataset().testImageSet();
        try (VqaTaskData data = new VqaTaskData(cfg)) {
            List<Long> ids = questionIds(data.testRows());
            AnswerVocabulary vocabulary = data.answerVocabulary(set);
            Validation.IntCollector answers = new Validation.IntCollector();
            try (BatchStream test = data.test()) {
                EvalLoop.run(test, model::run, (batch, out) -> answers.addAll(Argmax.rows(out.get("label_logits"))),
                        "test [" + set + "]", log);
            }
            List<VqaPrediction> predictions = VqaResultFile.predictions(ids, checked(answers.toArray(), ids), vocabulary);
            return VqaResultFile.write(dir, resultName, set, predictions);
        }
    }

    /** Validation metrics plus the predicted answer of every question of DATASET.VAL_IMAGE_SET. */
    public record ValResult(Validation.Outcome outcome, List<VqaPrediction> predictions) {}

    public static ValResult val(VlbertConfig cfg, InferenceModel model, Consumer<String> log) {
        try (VqaTaskData data = new VqaTaskData(cfg)) {
            Validation.Outcome o = Validation.run(data, model, null, log);
            List<Long> ids = questionIds(data.valRows());
            AnswerVocabulary vocabulary = data.answerVocabulary(cfg.dataset().valImageSet());
            return new ValResult(o, VqaResultFile.predictions(ids, checked(o.predicted(), ids), vocabulary));
        }
    }

    private static List<Long> questionIds(List<EvalRow> rows) {
        return rows.stream().map(EvalRow::numericId).toList();
    }

    private static int[] checked(int[] predicted, List<Long> ids) {
        if (predicted.length != ids.size()) {
            throw new VlbertException("the loader produced " + predicted.length + " predictions for " + ids.size()
                    + " questions");
        }
        return predicted;
    }
}

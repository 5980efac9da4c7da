package org.vlbert.eval.vcr;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.vlbert.cli.VlbertException;
import org.vlbert.config.VlbertConfig;
import org.vlbert.eval.EvalLoop;
import org.vlbert.eval.BatchModel;
import org.vlbert.eval.Validation;
import org.vlbert.graphs.tensor.HostTensor;
import org.vlbert.tasks.EvalRow;
import org.vlbert.tasks.TaskData;
import org.vlbert.tasks.TaskDataFactory;
import org.vlbert.train.BatchStream;

/**
 * VCR test and validation with the inference graph, one model (Q→A or QA→R by DATASET.TASK) at a
 * time; {@link VcrLeaderboard} merges two test runs and {@link VcrJointAccuracy} two val runs.
 */
public final class VcrRuns {
    /** The batch key of the question tokens, [B, Lq, 3] (or [B, 4, Lq, 3] for QA→R test). */
    public static final String QUESTION = "question";
    /** The batch key of the label: the answer for Q→A, the rationale for QA→R. */
    public static final String LABEL = "answer_label";

    private VcrRuns() {}

    /** DATASET.TASK of a VCR config: Q2A or QA2R (Q2AR exists in the reference only as dead code). */
    public static VcrLeaderboard.Kind kind(VlbertConfig cfg) {
        String task = cfg.dataset().task();
        if (task.equals("Q2A")) {
            return VcrLeaderboard.Kind.Q2A;
        }
        if (task.equals("QA2R")) {
            return VcrLeaderboard.Kind.QA2R;
        }
        throw new VlbertException(cfg.source() + ": DATASET.TASK is '" + task + "'; a VCR model is evaluated as Q2A or"
                + " QA2R (set it with --set DATASET.TASK=Q2A)");
    }

    /**
     * Test probabilities per annot id: Q→A softmax over the 4 answers; QA→R, for each answer
     * choice k, the softmax over the 4 rationales given the question with answer k (16 values).
     */
    public static List<VcrLeaderboard.Row> test(VlbertConfig cfg, BatchModel model, Consumer<String> log) {
        try (TaskData data = TaskDataFactory.open(cfg)) {
            return test(kind(cfg), data, model, log);
        }
    }

    /** {@link #test(VlbertConfig, BatchModel, Consumer)} on an open data plug-in. */
    public static List<VcrLeaderboard.Row> test(VcrLeaderboard.Kind kind, TaskData data, BatchModel model,
                                                Consumer<String> log) {
        List<float[]> probabilities = new ArrayList<>();
        List<EvalRow> rows = data.testRows();
        try (BatchStream test = data.test()) {
            EvalLoop.run(test, batch -> batch, (batch, unused) -> probabilities.addAll(
                    kind == VcrLeaderboard.Kind.Q2A ? answerProbabilities(model, batch)
                            : conditionedRationaleProbabilities(model, batch)), "test " + kind, log);
        }
        if (rows.size() != probabilities.size()) {
            throw new VlbertException("the VCR test loader produced " + probabilities.size() + " rows for " + rows.size()
                    + " annotations");
        }
        List<VcrLeaderboard.Row> out = new ArrayList<>(rows.size());
        for (int i = 0; i < rows.size(); i++) {
            out.add(new VcrLeaderboard.Row(rows.get(i).id(), probabilities.get(i)));
        }
        return out;
    }

    static List<float[]> answerProbabilities(BatchModel model, Map<String, HostTensor> batch) {
        return List.of(VcrProbabilities.softmax(model.run(batch).get("label_logits")));
    }

    /** Runs the QA→R model once per answer choice (question slice k) and concatenates the softmaxes. */
    static List<float[]> conditionedRationaleProbabilities(BatchModel model, Map<String, HostTensor> batch) {
        HostTensor questions = batch.get(QUESTION);
        if (questions == null || questions.rank() != 4 || questions.dim(1) != VcrProbabilities.CHOICES) {
            throw new VlbertException("QA->R test batches need 'question' [batch, 4, length, 3] (the question with each"
                    + " answer choice), got " + (questions == null ? "none" : java.util.Arrays.toString(questions.shape())));
        }
        int b = (int) questions.dim(0);
        float[][] out = new float[b][VcrProbabilities.CHOICES * VcrProbabilities.CHOICES];
        for (int k = 0; k < VcrProbabilities.CHOICES; k++) {
            Map<String, HostTensor> variant = new LinkedHashMap<>(batch);
            variant.put(QUESTION, choice(questions, k));
            float[][] p = VcrProbabilities.softmax(model.run(variant).get("label_logits"));
            for (int i = 0; i < b; i++) {
                System.arraycopy(p[i], 0, out[i], k * VcrProbabilities.CHOICES, VcrProbabilities.CHOICES);
            }
        }
        return List.of(out);
    }

    /** {@code t[:, k]} of a [B, C, ...] tensor, as a new [B, ...] tensor. */
    static HostTensor choice(HostTensor t, int k) {
        long[] shape = t.shape();
        long[] sliced = new long[shape.length - 1];
        sliced[0] = shape[0];
        System.arraycopy(shape, 2, sliced, 1, shape.length - 2);
        long inner = HostTensor.numel(sliced) / shape[0] * t.dtype().byteSize();
        HostTensor out = HostTensor.allocate(t.dtype(), sliced);
        ByteBuffer src = t.buffer();
        ByteBuffer dst = out.buffer();
        for (int i = 0; i < shape[0]; i++) {
            long from = (i * shape[1] + k) * inner;
            dst.put((int) (i * inner), src, (int) from, (int) inner);
        }
        return out;
    }

    /** One validation side: metrics, the arg-max choices and the batch labels, in val-file order. */
    public static Validation.Outcome val(VlbertConfig cfg, BatchModel model, Consumer<String> log) {
        kind(cfg);
        try (TaskData data = TaskDataFactory.open(cfg)) {
            Validation.Outcome o = Validation.run(data, model, LABEL, log);
            if (o.labels() == null) {
                throw new VlbertException("the VCR validation batches carry no '" + LABEL + "'");
            }
            return o;
        }
    }
}

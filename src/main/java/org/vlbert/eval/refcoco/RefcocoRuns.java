package org.vlbert.eval.refcoco;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.vlbert.cli.VlbertException;
import org.vlbert.config.VlbertConfig;
import org.vlbert.eval.EvalLoop;
import org.vlbert.eval.BatchModel;
import org.vlbert.graphs.tensor.HostTensor;
import org.vlbert.tasks.EvalRow;
import org.vlbert.tasks.TaskData;
import org.vlbert.tasks.TaskDataFactory;
import org.vlbert.train.BatchStream;

/** RefCOCO+ test with the inference graph: the predicted box of every sentence of DATASET.TEST_IMAGE_SET. */
public final class RefcocoRuns {
    private RefcocoRuns() {}

    public static List<RefcocoPrediction> test(VlbertConfig cfg, BatchModel model, Consumer<String> log) {
        try (TaskData data = TaskDataFactory.open(cfg)) {
            return test(data, model, "test [" + cfg.dataset().testImageSet() + "]", log);
        }
    }

    /** {@link #test(VlbertConfig, BatchModel, Consumer)} on an open data plug-in. */
    public static List<RefcocoPrediction> test(TaskData data, BatchModel model, String what, Consumer<String> log) {
        List<float[]> boxes = new ArrayList<>();
        List<EvalRow> rows = data.testRows();
        try (BatchStream test = data.test()) {
            EvalLoop.run(test, model::run, (batch, out) -> boxes.addAll(rowsOf(out.get("pred_boxes"))), what, log);
        }
        if (rows.size() != boxes.size()) {
            throw new VlbertException("the RefCOCO+ test loader produced " + boxes.size() + " rows for " + rows.size()
                    + " sentences");
        }
        List<RefcocoPrediction> out = new ArrayList<>(rows.size());
        for (int i = 0; i < rows.size(); i++) {
            out.add(new RefcocoPrediction(rows.get(i).numericId(), boxes.get(i), rows.get(i).referredBox()));
        }
        return out;
    }

    private static List<float[]> rowsOf(HostTensor predBoxes) {
        if (predBoxes == null || predBoxes.rank() != 2 || predBoxes.dim(1) != 4) {
            throw new VlbertException("the RefCOCO+ graph must output pred_boxes [batch, 4]");
        }
        float[] v = predBoxes.toFloatArrayConverted();
        List<float[]> out = new ArrayList<>();
        for (int i = 0; i < predBoxes.dim(0); i++) {
            out.add(java.util.Arrays.copyOfRange(v, i * 4, i * 4 + 4));
        }
        return out;
    }
}

package org.vlbert.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.vlbert.graphs.model.vlbert.RegionFeatures;
import org.vlbert.graphs.tensor.DType;
import org.vlbert.graphs.tensor.HostTensor;

/**
 * Random VQA model inputs of benchmark sizes: boxes inside a 1000×600 image (whole image first)
 * with features in [0, 1), im_info, question ids after the special tokens and, for training, a
 * one-hot answer label.
 */
final class RandomVqaInputs {
    private static final int FIRST_WORD_ID = 104;

    private RandomVqaInputs() {}

    /** {@code boxes}, {@code im_info}, {@code question}; plus {@code label} when {@code answers > 0}. */
    static Map<String, HostTensor> of(SplittableRandom r, BenchShapeOptions s, long vocab, int answers) {
        int n = s.boxes + 1;
        int width = 4 + (int) RegionFeatures.FEATURE_DIM;
        HostTensor boxes = HostTensor.allocate(DType.FLOAT, s.batch, n, width);
        var bf = boxes.floatView();
        for (int i = 0; i < s.batch; i++) {
            for (int j = 0; j < n; j++) {
                int base = (i * n + j) * width;
                float x1 = j == 0 ? 0 : (float) r.nextDouble(0, 500);
                float y1 = j == 0 ? 0 : (float) r.nextDouble(0, 300);
                bf.put(base, x1).put(base + 1, y1).put(base + 2, j == 0 ? 999 : x1 + 100)
                        .put(base + 3, j == 0 ? 599 : y1 + 100);
                for (int k = 4; k < width; k++) {
                    bf.put(base + k, (float) r.nextDouble());
                }
            }
        }
        HostTensor info = HostTensor.allocate(DType.FLOAT, s.batch, 4);
        HostTensor question = HostTensor.allocate(DType.INT64, s.batch, s.textLen);
        for (int i = 0; i < s.batch; i++) {
            info.floatView().put(i * 4, 1000).put(i * 4 + 1, 600).put(i * 4 + 2, 1f).put(i * 4 + 3, 1f);
            for (int t = 0; t < s.textLen; t++) {
                long id = FIRST_WORD_ID + r.nextLong(Math.max(1, vocab - FIRST_WORD_ID));
                question.longView().put(i * s.textLen + t, id);
            }
        }
        Map<String, HostTensor> m = new LinkedHashMap<>();
        m.put("boxes", boxes);
        m.put("im_info", info);
        m.put("question", question);
        if (answers > 0) {
            HostTensor label = HostTensor.allocate(DType.FLOAT, s.batch, answers);
            for (int i = 0; i < s.batch; i++) {
                label.floatView().put(i * answers + r.nextInt(answers), 1f);
            }
            m.put("label", label);
        }
        return m;
    }
}

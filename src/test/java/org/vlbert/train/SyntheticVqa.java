package org.vlbert.train;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;
import org.vlbert.graphs.model.vlbert.VlBertDims;
import org.vlbert.graphs.model.vlbert.VqaModel;
import org.vlbert.graphs.tensor.DType;
import org.vlbert.graphs.tensor.HostTensor;

/** Tiny learnable VQA batches for trainer tests: the answer is the question's first token mod A. */
final class SyntheticVqa implements BatchStream {
    static final int ANSWERS = 8;
    private final int batches;
    private final int batchSize;
    private final long seed;
    private final int failAfter;
    private int served;

    SyntheticVqa(int batches, int batchSize, long seed, int failAfter) {
        this.batches = batches;
        this.batchSize = batchSize;
        this.seed = seed;
        this.failAfter = failAfter;
    }

    static VlBertDims dims(float dropout) {
        return new VlBertDims(64, 16, 16, 1, 2, 32, dropout, dropout, 64, 3, 0.02, true, 0, 0, false, -1, 1, 2, 3);
    }

    static VqaModel model(float dropout) {
        return new VqaModel(dims(dropout), 16, ANSWERS, VqaModel.Classifier.MLM, dropout, 32);
    }

    @Override
    public int batchesPerEpoch() {
        return batches;
    }

    @Override
    public int batchSize() {
        return batchSize;
    }

    @Override
    public Iterator<Map<String, HostTensor>> epoch(int epoch, int startBatch) {
        return new Iterator<>() {
            private int b = startBatch;

            @Override
            public boolean hasNext() {
                return b < batches;
            }

            @Override
            public Map<String, HostTensor> next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                if (failAfter >= 0 && served++ >= failAfter) {
                    throw new IllegalStateException("simulated crash");
                }
                return batch(new SplittableRandom(seed * 1000003L + epoch * 1009L + b++));
            }
        };
    }

    private Map<String, HostTensor> batch(SplittableRandom r) {
        int n = 4;
        int lq = 5;
        HostTensor boxes = HostTensor.allocate(DType.FLOAT, batchSize, n, 2052);
        var bf = boxes.floatView();
        for (int i = 0; i < batchSize; i++) {
            for (int j = 0; j < n; j++) {
                int base = (i * n + j) * 2052;
                float x1 = (float) r.nextDouble(0, 50);
                float y1 = (float) r.nextDouble(0, 50);
                bf.put(base, x1).put(base + 1, y1).put(base + 2, x1 + 20).put(base + 3, y1 + 30);
                for (int k = 4; k < 2052; k += 97) {
                    bf.put(base + k, (float) r.nextDouble());
                }
            }
        }
        HostTensor imInfo = HostTensor.allocate(DType.FLOAT, batchSize, 4);
        for (int i = 0; i < batchSize; i++) {
            imInfo.floatView().put(i * 4, 100f).put(i * 4 + 1, 100f).put(i * 4 + 2, 1f).put(i * 4 + 3, 1f);
        }
        HostTensor q = HostTensor.allocate(DType.INT64, batchSize, lq);
        HostTensor label = HostTensor.allocate(DType.FLOAT, batchSize, ANSWERS);
        for (int i = 0; i < batchSize; i++) {
            int len = 2 + r.nextInt(lq - 1);
            int first = 10 + r.nextInt(40);
            for (int t = 0; t < len; t++) {
                q.longView().put(i * lq + t, t == 0 ? first : 10 + r.nextInt(40));
            }
            label.floatView().put(i * ANSWERS + first % ANSWERS, 1f);
        }
        Map<String, HostTensor> m = new LinkedHashMap<>();
        m.put("boxes", boxes);
        m.put("im_info", imInfo);
        m.put("question", q);
        m.put("label", label);
        return m;
    }
}

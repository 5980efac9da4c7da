package org.vlbert.export;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.vlbert.data.regions.RegionFeatures;
import org.vlbert.data.tokenizer.BertTokenizer;
import org.vlbert.graphs.tensor.HostTensor;

/**
 * Runs queries through a validated package: builds the inputs as the package's config says,
 * runs the model and post-processes its outputs (VQA: sigmoid and top-k answers; RefCOCO+: the
 * predicted box with its score).
 */
public final class Predictor implements AutoCloseable {
    private final InferencePackage pkg;
    private final ModelRunner runner;
    private final RegionInputs inputs;
    private final List<String> answers;

    public Predictor(InferencePackage pkg, int threads) {
        this.pkg = pkg;
        PackageConfig c = pkg.config();
        BertTokenizer tokenizer = BertTokenizer.fromVocab(pkg.file(Exporter.VOCAB_FILE));
        this.inputs = new RegionInputs(tokenizer, c.resize(), c.task().textInput(), c.maxPositionEmbeddings());
        this.answers = c.task() == PackageTask.VQA ? pkg.lines(Exporter.ANSWERS_FILE) : List.of();
        if (c.task() == PackageTask.VQA && answers.size() != c.numLabels()) {
            throw new PackageException(pkg.describe(Exporter.ANSWERS_FILE) + " has " + answers.size()
                    + " lines but config.json says " + c.numLabels() + " answers");
        }
        this.runner = new ModelRunner(pkg.modelFile(), threads);
    }

    /** One query: a caller-chosen id (echoed in the prediction, may be null), an image and a text. */
    public record Query(String id, String imageId, String text) {}

    /**
     * Predictions for a batch of queries on images of {@code regions}, in order; {@code topK}
     * applies to VQA.
     */
    public List<Prediction> predict(List<Query> batch, RegionFeatures regions, int topK) {
        List<RegionQuery> qs = new ArrayList<>();
        for (Query q : batch) {
            qs.add(new RegionQuery(q.text(), PackageQueries.region(regions, q.imageId())));
        }
        return predict(batch.stream().map(Query::id).toList(), qs, topK);
    }

    /** Predictions for queries whose regions are at hand ({@code ids} may hold nulls). */
    public List<Prediction> predict(List<String> ids, List<RegionQuery> batch, int topK) {
        Map<String, HostTensor> out = runner.run(inputs.build(batch));
        List<Prediction> result = new ArrayList<>();
        HostTensor logits = out.get("label_logits");
        long width = logits.dim(1);
        float[] l = logits.toFloatArray();
        float[] boxes = pkg.task() == PackageTask.REFCOCO ? out.get("pred_boxes").toFloatArray() : null;
        for (int i = 0; i < batch.size(); i++) {
            RegionQuery q = batch.get(i);
            String id = ids.get(i);
            int base = (int) (i * width);
            if (pkg.task() == PackageTask.VQA) {
                result.add(new Prediction(id, q.region().imageId(), q.text(),
                        topAnswers(l, base, (int) width, topK), null, -1, Float.NaN));
            } else {
                int best = 0;
                for (int j = 1; j < width; j++) {
                    if (l[base + j] > l[base + best]) {
                        best = j;
                    }
                }
                float[] box = {boxes[i * 4], boxes[i * 4 + 1], boxes[i * 4 + 2], boxes[i * 4 + 3]};
                result.add(new Prediction(id, q.region().imageId(), q.text(), null, box, best,
                        sigmoid(l[base + best])));
            }
        }
        return result;
    }

    private List<Prediction.Answer> topAnswers(float[] logits, int base, int width, int k) {
        List<Integer> order = new ArrayList<>();
        for (int j = 0; j < width; j++) {
            order.add(j);
        }
        order.sort(Comparator.comparingDouble((Integer j) -> -logits[base + j]).thenComparingInt(j -> j));
        List<Prediction.Answer> out = new ArrayList<>();
        for (int j : order.subList(0, Math.min(k, width))) {
            out.add(new Prediction.Answer(answers.get(j), sigmoid(logits[base + j])));
        }
        return out;
    }

    static float sigmoid(float x) {
        return (float) (1.0 / (1.0 + Math.exp(-x)));
    }

    @Override
    public void close() {
        runner.close();
    }
}

package org.vlbert.export;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.vlbert.data.regions.Region;
import org.vlbert.data.regions.RegionFeatures;
import org.vlbert.data.tokenizer.BertTokenizer;
import org.vlbert.graphs.tensor.HostTensor;

/**
 * Runs queries through a validated package: the task's {@link PackageHead} builds the inputs as the
 * package's config says and post-processes the outputs (VQA: sigmoid and top-k answers; RefCOCO+:
 * the predicted box with its score; VCR: softmax over the choices).
 */
public final class Predictor implements AutoCloseable {
    private final PackageHead head;
    private final ModelRunner runner;

    public Predictor(InferencePackage pkg, int threads) {
        PackageConfig c = pkg.config();
        List<String> answers = c.task() == PackageTask.VQA ? pkg.lines(Exporter.ANSWERS_FILE) : List.of();
        if (c.task() == PackageTask.VQA && answers.size() != c.numLabels()) {
            throw new PackageException(pkg.describe(Exporter.ANSWERS_FILE) + " has " + answers.size()
                    + " lines but config.json says " + c.numLabels() + " answers");
        }
        this.head = PackageHead.of(c, BertTokenizer.fromVocab(pkg.file(Exporter.VOCAB_FILE)), answers);
        this.runner = new ModelRunner(pkg.modelFile(), threads);
    }

    /**
     * Predictions for a batch of queries on images of {@code regions} (null for packages of end-to-end
     * models, whose queries carry image files), in order; {@code topK} applies to VQA.
     */
    public List<Prediction> predict(List<Query> batch, RegionFeatures regions, int topK) {
        List<Region> images = new ArrayList<>(batch.size());
        for (Query q : batch) {
            // end-to-end packages read the queries' image files instead (regions is null then)
            images.add(regions == null ? null : PackageQueries.region(regions, q.imageId()));
        }
        return predict(batch, images, topK);
    }

    /** Predictions for queries whose images are at hand ({@code regions.get(i)} is query i's image). */
    public List<Prediction> predict(List<Query> batch, List<Region> regions, int topK) {
        for (int i = 0; i < batch.size(); i++) {
            head.check(batch.get(i), regions.get(i));
        }
        Map<String, HostTensor> out = runner.run(head.inputs(batch, regions));
        return head.predictions(batch, regions, out, topK);
    }

    static float sigmoid(float x) {
        return (float) (1.0 / (1.0 + Math.exp(-x)));
    }

    @Override
    public void close() {
        runner.close();
    }
}

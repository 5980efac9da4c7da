package org.vlbert.export;

import java.util.List;
import java.util.Map;
import org.vlbert.data.regions.Region;
import org.vlbert.data.tokenizer.BertTokenizer;
import org.vlbert.graphs.tensor.HostTensor;

/**
 * The task-specific part of a package (one plug-in per task): checks queries, builds the model's
 * inputs for a batch of them, and turns the model's outputs into predictions. Export uses it for
 * the test data and predict for queries, so both build inputs the same way.
 */
interface PackageHead {
    /** Checks one query against its image before anything runs; errors name the query. */
    void check(Query query, Region region);

    /** Model inputs for {@code queries}; {@code regions.get(i)} is the image of query i. */
    Map<String, HostTensor> inputs(List<Query> queries, List<Region> regions);

    /** Predictions from the model's outputs for the batch that {@link #inputs} built. */
    List<Prediction> predictions(List<Query> queries, List<Region> regions, Map<String, HostTensor> outputs,
                                 int topK);

    /** The head of a package's task. */
    static PackageHead of(PackageConfig config, BertTokenizer tokenizer, List<String> answers) {
        return switch (config.task()) {
            case VQA -> new VqaHead(config, tokenizer, answers);
            case REFCOCO -> new RefcocoHead(config, tokenizer);
            case VCR -> new VcrHead(config, tokenizer);
        };
    }
}

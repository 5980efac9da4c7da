package org.vlbert.export;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.vlbert.data.regions.Region;
import org.vlbert.data.tokenizer.BertTokenizer;
import org.vlbert.graphs.tensor.HostTensor;

/** VQA: a question on an image → the top-k answers of answers.txt with sigmoid scores. */
final class VqaHead extends InputsHead {
    private final List<String> answers;

    VqaHead(PackageConfig config, BertTokenizer tokenizer, List<String> answers) {
        super(new RegionTextInputs(config, tokenizer));
        this.answers = List.copyOf(answers);
    }

    @Override
    public List<Prediction> predictions(List<Query> queries, List<Region> regions, Map<String, HostTensor> outputs,
                                        int topK) {
        HostTensor logits = outputs.get("label_logits");
        int width = (int) logits.dim(1);
        float[] l = logits.toFloatArray();
        List<Prediction> out = new ArrayList<>();
        for (int i = 0; i < queries.size(); i++) {
            Query q = queries.get(i);
            out.add(new Prediction(q.id(), q.imageId(), q.text(), top(l, i * width, width, topK), null, -1, Float.NaN,
                    null));
        }
        return out;
    }

    private List<Prediction.Answer> top(float[] logits, int base, int width, int k) {
        List<Integer> order = new ArrayList<>();
        for (int j = 0; j < width; j++) {
            order.add(j);
        }
        order.sort(Comparator.comparingDouble((Integer j) -> -logits[base + j]).thenComparingInt(j -> j));
        List<Prediction.Answer> out = new ArrayList<>();
        for (int j : order.subList(0, Math.min(k, width))) {
            out.add(new Prediction.Answer(answers.get(j), Predictor.sigmoid(logits[base + j])));
        }
        return out;
    }
}

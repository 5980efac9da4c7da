package org.vlbert.export;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.vlbert.data.regions.Region;
import org.vlbert.data.tokenizer.BertTokenizer;
import org.vlbert.eval.Argmax;
import org.vlbert.graphs.tensor.HostTensor;

/**
 * RefCOCO+: a referring expression on an image → the best box (original pixels) and its score. The
 * image comes as precomputed region features or, for end-to-end models, as pixels and candidate boxes.
 */
final class RefcocoHead extends InputsHead {
    RefcocoHead(PackageConfig config, BertTokenizer tokenizer) {
        super(config.pixels() == null ? new RegionTextInputs(config, tokenizer)
                : new RefcocoPixelInputs(config, tokenizer));
    }

    @Override
    public List<Prediction> predictions(List<Query> queries, List<Region> regions, Map<String, HostTensor> outputs,
                                        int topK) {
        HostTensor logits = outputs.get("label_logits");
        int width = (int) logits.dim(1);
        float[] l = logits.toFloatArray();
        float[] boxes = outputs.get("pred_boxes").toFloatArray();
        int[] best = Argmax.rows(l, queries.size(), width);
        List<Prediction> out = new ArrayList<>();
        for (int i = 0; i < queries.size(); i++) {
            Query q = queries.get(i);
            float[] box = {boxes[i * 4], boxes[i * 4 + 1], boxes[i * 4 + 2], boxes[i * 4 + 3]};
            out.add(new Prediction(q.id(), q.imageId(), q.text(), null, box, best[i],
                    Predictor.sigmoid(l[i * width + best[i]]), null));
        }
        return out;
    }
}

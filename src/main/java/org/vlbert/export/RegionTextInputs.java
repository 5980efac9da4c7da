package org.vlbert.export;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.vlbert.data.regions.Region;
import org.vlbert.data.tokenizer.BertTokenizer;
import org.vlbert.graphs.tensor.HostTensor;

/** VQA and RefCOCO+ on precomputed region features: one text and the image's regions ({@link RegionInputs}). */
final class RegionTextInputs implements QueryInputs {
    private final RegionInputs inputs;

    RegionTextInputs(PackageConfig config, BertTokenizer tokenizer) {
        this.inputs = new RegionInputs(tokenizer, config.resize(), config.task().textInput(),
                config.maxPositionEmbeddings());
    }

    @Override
    public void check(Query query, Region region) {
        String what = query.describe();
        if (!query.choices().isEmpty() || query.answer() != null || !query.objects().isEmpty()) {
            throw new PackageException(what + ": choices, answer and objects belong to VCR queries; this package takes"
                    + " an image and a " + RegionInputs.textName(inputs.textInput()));
        }
        if (query.text() == null || query.text().isBlank()) {
            throw new PackageException(what + " has no " + RegionInputs.textName(inputs.textInput()));
        }
    }

    @Override
    public Map<String, HostTensor> build(List<Query> queries, List<Region> regions) {
        List<RegionQuery> rq = new ArrayList<>(queries.size());
        for (int i = 0; i < queries.size(); i++) {
            rq.add(new RegionQuery(queries.get(i).text(), regions.get(i)));
        }
        return inputs.build(rq);
    }
}

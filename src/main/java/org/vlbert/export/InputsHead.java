package org.vlbert.export;

import java.util.List;
import java.util.Map;
import org.vlbert.data.regions.Region;
import org.vlbert.graphs.tensor.HostTensor;

/** A head whose input side is a separate {@link QueryInputs} (regions or pixels); subclasses read the outputs. */
abstract class InputsHead implements PackageHead {
    private final QueryInputs inputs;

    InputsHead(QueryInputs inputs) {
        this.inputs = inputs;
    }

    @Override
    public void check(Query query, Region region) {
        inputs.check(query, region);
    }

    @Override
    public Map<String, HostTensor> inputs(List<Query> queries, List<Region> regions) {
        return inputs.build(queries, regions);
    }
}

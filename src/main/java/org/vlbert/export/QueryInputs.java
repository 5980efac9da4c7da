package org.vlbert.export;

import java.util.List;
import java.util.Map;
import org.vlbert.data.regions.Region;
import org.vlbert.graphs.tensor.HostTensor;

/** Builds a package model's inputs from queries: the input side of a {@link PackageHead}. */
interface QueryInputs {
    /** Checks one query (and its image's regions, null for pixel packages) before anything runs. */
    void check(Query query, Region region);

    /** The model inputs of a batch of queries; {@code regions.get(i)} belongs to query i (null for pixels). */
    Map<String, HostTensor> build(List<Query> queries, List<Region> regions);
}

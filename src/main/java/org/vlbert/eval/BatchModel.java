package org.vlbert.eval;

import java.util.Map;
import org.vlbert.graphs.tensor.HostTensor;

/** Something that maps a batch to the model's named outputs (the inference graph, or a stand-in in tests). */
@FunctionalInterface
public interface BatchModel {
    Map<String, HostTensor> run(Map<String, HostTensor> batch);
}

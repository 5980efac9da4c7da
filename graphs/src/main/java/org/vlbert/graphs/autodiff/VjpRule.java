package org.vlbert.graphs.autodiff;

import java.util.List;
import org.vlbert.graphs.ir.Node;
import org.vlbert.graphs.ir.Value;

/**
 * The vector-Jacobian product of one op type: given the gradients of a node's outputs (null for
 * an output nothing depends on), return the gradient of each input (null where the input needs
 * none; ask {@link GradContext#needs}). Rules emit standard ONNX ops only.
 */
@FunctionalInterface
public interface VjpRule {
    List<Value> vjp(GradContext ctx, Node node, List<Value> outGrads);
}

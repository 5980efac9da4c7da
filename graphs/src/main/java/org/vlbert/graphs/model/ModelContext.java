package org.vlbert.graphs.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.vlbert.graphs.GraphBuilder;
import org.vlbert.graphs.ir.Value;
import org.vlbert.graphs.tensor.DType;

/**
 * What a {@link ModelDefinition} builds with: the graph builder, the mode, and a dropout factory.
 * In {@link Mode#TRAIN} each dropout call creates a bool keep-mask graph input
 * {@code dropout.<site>} and records the site; in the other modes (and for p = 0) dropout is the
 * identity and creates nothing.
 */
public final class ModelContext {
    private final GraphBuilder b;
    private final Mode mode;
    private final List<DropoutSite> sites = new ArrayList<>();

    public ModelContext(GraphBuilder b, Mode mode) {
        this.b = b;
        this.mode = mode;
    }

    public GraphBuilder b() {
        return b;
    }

    public Mode mode() {
        return mode;
    }

    public boolean training() {
        return mode == Mode.TRAIN;
    }

    /** Dropout whose site is the current scope + {@code "dropout"} (PyTorch's usual attribute name). */
    public Value dropout(Value x, float p) {
        return dropout("dropout", x, p);
    }

    /** Inverted dropout at site {@code scope.local}; the mask has the shape of {@code x}. */
    public Value dropout(String local, Value x, float p) {
        if (!(p >= 0f && p < 1f)) {
            throw new IllegalArgumentException("dropout probability of " + b.qualified(local)
                    + " must be in [0, 1), got " + p);
        }
        if (mode != Mode.TRAIN || p == 0f) {
            return x;
        }
        String site = b.qualified(local);
        String inputName = DropoutSite.inputNameFor(site);
        Value mask = b.input(inputName, DType.BOOL, x.shape());
        sites.add(new DropoutSite(site, inputName, p, x.shape()));
        return b.dropout(x, mask, p);
    }

    /** The dropout sites created so far, in creation order. */
    public List<DropoutSite> dropoutSites() {
        return Collections.unmodifiableList(sites);
    }
}

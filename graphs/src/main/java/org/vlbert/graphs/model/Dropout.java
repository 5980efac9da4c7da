package org.vlbert.graphs.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.vlbert.graphs.GraphBuilder;
import org.vlbert.graphs.ir.Shape;
import org.vlbert.graphs.ir.Value;
import org.vlbert.graphs.tensor.DType;

/**
 * Where dropout happens. In training graphs each site becomes a bool keep-mask graph input named
 * {@code dropout.<site>} (the engine draws masks from the run seed and step, so runs are
 * reproducible and resumable); in eval/inference graphs dropout is the identity.
 */
public abstract class Dropout {
    /** A dropout site of a training graph: mask input name, probability, mask shape. */
    public record Site(String inputName, float p, Shape shape) {}

    /** Applies dropout with probability {@code p} at {@code site} (a module path). */
    public abstract Value apply(GraphBuilder b, String site, Value x, float p);

    /** The sites created so far (empty for the identity policy). */
    public abstract List<Site> sites();

    /** Identity everywhere (eval and inference graphs). */
    public static Dropout none() {
        return new Dropout() {
            @Override
            public Value apply(GraphBuilder b, String site, Value x, float p) {
                return x;
            }

            @Override
            public List<Site> sites() {
                return List.of();
            }
        };
    }

    /** Fed keep-masks (training graphs). Sites with p == 0 are the identity and get no input. */
    public static Dropout masks() {
        return new Dropout() {
            private final List<Site> sites = new ArrayList<>();

            @Override
            public Value apply(GraphBuilder b, String site, Value x, float p) {
                if (p <= 0f) {
                    return x;
                }
                if (p >= 1f) {
                    throw new IllegalArgumentException("dropout probability must be < 1 at " + site + ", got " + p);
                }
                String name = "dropout." + site;
                Value mask = b.input(name, DType.BOOL, x.shape());
                sites.add(new Site(name, p, x.shape()));
                return b.dropout(x, mask, p);
            }

            @Override
            public List<Site> sites() {
                return Collections.unmodifiableList(sites);
            }
        };
    }
}

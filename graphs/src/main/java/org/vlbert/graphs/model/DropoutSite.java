package org.vlbert.graphs.model;

import org.vlbert.graphs.ir.Shape;

/**
 * One dropout application in a training graph. Its keep-mask is the bool graph input
 * {@code inputName} ({@code dropout.<site>}) of the given shape, whose symbolic dims are
 * named like (or are products/sums of) the dims of the batch inputs; true keeps an element.
 *
 * @param site      the dropout module path, e.g. {@code encoder.layer.0.attention.self.dropout}
 * @param inputName the mask input, {@code dropout.} + site
 * @param p         the drop probability; survivors are scaled by 1/(1-p)
 * @param shape     the mask shape
 */
public record DropoutSite(String site, String inputName, float p, Shape shape) {
    /** Prefix of every dropout mask input name. */
    public static final String INPUT_PREFIX = "dropout.";

    public static String inputNameFor(String site) {
        return INPUT_PREFIX + site;
    }
}

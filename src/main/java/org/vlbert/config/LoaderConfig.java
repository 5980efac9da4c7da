package org.vlbert.config;

import java.util.List;

/**
 * {@code VAL} or {@code TEST}: the evaluation data loader. {@code batchImages} has one entry, or
 * one per dataset of a pretraining dataset list.
 */
public record LoaderConfig(boolean shuffle, double flipProb, List<Integer> batchImages) {

    static LoaderConfig of(VlbertConfig c, String section) {
        return new LoaderConfig(c.getBool(section + ".SHUFFLE"), c.getDouble(section + ".FLIP_PROB"),
                c.getIntOrIntList(section + ".BATCH_IMAGES"));
    }
}

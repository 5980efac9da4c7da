package org.vlbert.config;

/**
 * One {@code NETWORK.PARTIAL_PRETRAIN_PREFIX_CHANGES} entry ({@code "old->new"} in YAML): checkpoint
 * keys starting with {@code oldPrefix} are renamed to start with {@code newPrefix}.
 */
public record PrefixChange(String oldPrefix, String newPrefix) {

    static PrefixChange parse(String text) {
        int arrow = text.indexOf("->");
        return new PrefixChange(text.substring(0, arrow), text.substring(arrow + 2));
    }
}

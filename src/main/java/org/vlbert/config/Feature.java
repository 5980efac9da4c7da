package org.vlbert.config;

/**
 * A behaviour of the original code that this project does not implement yet. Several keys can
 * belong to one feature (e.g. all ResNet backbone settings belong to end-to-end image features);
 * the warning for a requested feature names every key involved.
 */
public record Feature(String description) {
}

package org.vlbert.data.vcr;

import org.vlbert.data.regions.Region;

/**
 * A VCR item with the region features of its objects (precomputed path), or with a null region
 * when the collator reads the image itself (pixel path).
 */
public record VcrExample(VcrItem item, Region region) {}

package org.vlbert.export;

import org.vlbert.data.regions.Region;

/**
 * One query on one image: the text (a VQA question or a RefCOCO+ expression) and the image's
 * detected regions.
 */
public record RegionQuery(String text, Region region) {}

package org.vlbert.data.vqa;

import org.vlbert.data.regions.Region;

/** A VQA question joined with the region features of its image. */
public record VqaExample(VqaSample sample, Region region) {}

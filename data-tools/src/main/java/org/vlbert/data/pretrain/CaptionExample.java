package org.vlbert.data.pretrain;

import org.vlbert.data.regions.Region;
import org.vlbert.data.text.TextRow;

/** A caption with the region features (and detector class scores) of its image. */
public record CaptionExample(TextRow caption, Region region) {}

package org.vlbert.data.vcr;

import java.util.List;

/**
 * One VCR annotation with its image metadata. {@code boxes} holds x1, y1, x2, y2, score per
 * object; {@code segms} per object a list of polygons, each a flat [x0, y0, x1, y1, ...] array.
 */
public record VcrItem(String annotId, String movie, String imgFn, String metadataFn, List<String> objects,
                      List<VcrToken> question, List<List<VcrToken>> answerChoices,
                      List<List<VcrToken>> rationaleChoices, Integer answerLabel, Integer rationaleLabel,
                      Integer imageWidth, Integer imageHeight, float[][] boxes, float[][][] segms) {}

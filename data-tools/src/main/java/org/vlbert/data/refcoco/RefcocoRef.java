package org.vlbert.data.refcoco;

import java.util.List;

/**
 * One RefCOCO+ ref. Boxes are [x1, y1, x2, y2] in original pixels; {@code proposalBoxes} is null
 * when no detections were converted.
 */
public record RefcocoRef(long refId, long annId, String imageId, String split, int categoryId, String fileName,
                         int imageWidth, int imageHeight, float[] gtBox, List<RefSentence> sentences,
                         float[][] gtBoxes, float[][] proposalBoxes) {}

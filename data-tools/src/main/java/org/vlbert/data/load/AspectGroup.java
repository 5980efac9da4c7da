package org.vlbert.data.load;

/**
 * The reference's aspect-ratio group of an image ({@code group_aspect} of its datasets): 0 for
 * landscape or square ({@code width >= height}), 1 for portrait. Sizes are those of the original
 * image (for COCO, the annotation's width and height).
 */
public final class AspectGroup {
    public static final int LANDSCAPE = 0;
    public static final int PORTRAIT = 1;

    private AspectGroup() {}

    public static int of(int width, int height) {
        return width >= height ? LANDSCAPE : PORTRAIT;
    }
}

package org.vlbert.data.vcr;

import java.util.ArrayList;
import java.util.List;

/**
 * The reference's {@code retokenize_and_convert_to_ids_with_tag} (tasks.md §2.2 step 4) with
 * BASIC_ALIGN false: a word's pieces get the non-object tag and share one align id; an object
 * group {@code [o1, o2, ...]} becomes the pieces of name(o1) tagged {@code o1 + nonObjTag + 1},
 * then for every further object the word-piece "and" (non-object tag, own align id) and the
 * pieces of its name (tag {@code o + nonObjTag + 1}, own align id). The align id advances after
 * every word, even one without pieces.
 */
public final class VcrTagger {
    private final int andId;
    private final int nonObjectTag;

    /**
     * @param andId           word-piece id of "and"
     * @param addImageAsABox  DATASET.ADD_IMAGE_AS_A_BOX: object i is box i+1 (non-object tag 0),
     *                        otherwise box i (non-object tag -1)
     */
    public VcrTagger(int andId, boolean addImageAsABox) {
        this.andId = andId;
        this.nonObjectTag = addImageAsABox ? 0 : -1;
    }

    /**
     * @param objectPieces word-piece ids of each object's name (person names already assigned)
     */
    public TaggedTokens tag(List<VcrToken> tokens, int[][] objectPieces) {
        List<int[]> rows = new ArrayList<>();
        int align = 0;
        for (VcrToken t : tokens) {
            if (t.isObjectReference()) {
                int[] group = t.objects();
                for (int k = 0; k < group.length; k++) {
                    int o = group[k];
                    if (o < 0 || o >= objectPieces.length) {
                        throw new IllegalArgumentException("object reference " + o + " outside the "
                                + objectPieces.length + " objects of the item");
                    }
                    if (k > 0) {
                        rows.add(new int[] {andId, nonObjectTag, align++});
                    }
                    for (int piece : objectPieces[o]) {
                        rows.add(new int[] {piece, o + nonObjectTag + 1, align});
                    }
                    align++;
                }
            } else {
                for (int piece : t.pieces()) {
                    rows.add(new int[] {piece, nonObjectTag, align});
                }
                align++;
            }
        }
        int[] ids = new int[rows.size()];
        int[] tags = new int[rows.size()];
        int[] aligns = new int[rows.size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = rows.get(i)[0];
            tags[i] = rows.get(i)[1];
            aligns[i] = rows.get(i)[2];
        }
        return new TaggedTokens(ids, tags, aligns);
    }
}

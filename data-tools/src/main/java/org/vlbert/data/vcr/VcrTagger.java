package org.vlbert.data.vcr;

import java.util.Arrays;
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
        Rows rows = new Rows();
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
                        rows.add(andId, nonObjectTag, align++);
                    }
                    for (int piece : objectPieces[o]) {
                        rows.add(piece, o + nonObjectTag + 1, align);
                    }
                    align++;
                }
            } else {
                for (int piece : t.pieces()) {
                    rows.add(piece, nonObjectTag, align);
                }
                align++;
            }
        }
        return rows.build();
    }

    /** The three columns, grown as rows arrive (no per-row arrays). */
    private static final class Rows {
        private int[] ids = new int[32];
        private int[] tags = new int[32];
        private int[] aligns = new int[32];
        private int n;

        void add(int id, int tag, int align) {
            if (n == ids.length) {
                ids = Arrays.copyOf(ids, 2 * n);
                tags = Arrays.copyOf(tags, 2 * n);
                aligns = Arrays.copyOf(aligns, 2 * n);
            }
            ids[n] = id;
            tags[n] = tag;
            aligns[n++] = align;
        }

        TaggedTokens build() {
            return new TaggedTokens(Arrays.copyOf(ids, n), Arrays.copyOf(tags, n), Arrays.copyOf(aligns, n));
        }
    }
}

package org.vlbert.data.refcoco;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.FixedSizeListVector;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.complex.StructVector;
import org.apache.arrow.vector.BaseFixedWidthVector;
import org.vlbert.data.arrow.BatchedTable;
import org.vlbert.data.arrow.MappedArrowFile;
import org.vlbert.data.arrow.Vectors;
import org.vlbert.data.load.AspectGroup;
import org.vlbert.data.load.Dataset;
import org.vlbert.data.schema.FileKind;
import org.vlbert.data.schema.RefcocoSchema;
import org.vlbert.data.schema.VqaSchema;

/** A memory-mapped RefCOCO+ file: one row per ref. */
public final class RefcocoRefs implements Dataset<RefcocoRef>, AutoCloseable {
    private final MappedArrowFile file;
    private final BatchedTable<View> table;
    private final int leftId;
    private final int rightId;

    private RefcocoRefs(MappedArrowFile file) {
        this.file = file;
        this.table = new BatchedTable<>(file, root -> new View(root, file.path()));
        this.leftId = Integer.parseInt(file.requireMeta(VqaSchema.META_LEFT_ID));
        this.rightId = Integer.parseInt(file.requireMeta(VqaSchema.META_RIGHT_ID));
    }

    public static RefcocoRefs open(Path path) {
        return MappedArrowFile.openAs(path, FileKind.REFCOCO, RefcocoRefs::new);
    }

    public int leftId() {
        return leftId;
    }

    public int rightId() {
        return rightId;
    }

    @Override
    public int size() {
        return table.size();
    }

    @Override
    public RefcocoRef get(int index) {
        BatchedTable.Position<View> p = table.locate(index);
        return p.view().ref(p.row());
    }

    /** One sample of the reference dataset: a sentence of a ref. */
    public record Expression(RefcocoRef ref, int sentence) {
        public RefSentence text() {
            return ref.sentences().get(sentence);
        }
    }

    /**
     * The reference database for {@code imageSets} ({@code +}-joined): refs selected by REFER's
     * {@code getRefIds(split=s)} (train/val: equal; testA/testB/testC: split contains the last
     * letter; test: split contains "test"), in file order, one entry per sentence.
     */
    public Dataset<Expression> expressions(String imageSets) {
        List<long[]> entries = entries(imageSets);
        return new Dataset<>() {
            @Override
            public int size() {
                return entries.size();
            }

            @Override
            public Expression get(int index) {
                long[] e = entries.get(index);
                return new Expression(RefcocoRefs.this.get((int) e[0]), (int) e[1]);
            }
        };
    }

    /**
     * The {@link AspectGroup} of each expression's image (its COCO width and height), aligned with
     * {@link #expressions} of the same image sets; read from the size columns only.
     */
    public int[] aspectGroups(String imageSets) {
        List<long[]> entries = entries(imageSets);
        int[] groups = new int[entries.size()];
        for (int k = 0; k < groups.length; k++) {
            BatchedTable.Position<View> p = table.locate((int) entries.get(k)[0]);
            groups[k] = AspectGroup.of(p.view().width.get(p.row()), p.view().height.get(p.row()));
        }
        return groups;
    }

    /**
     * The image id of each expression's ref, aligned with {@link #expressions} of the same image
     * sets; read from the id column only (no sentence or box decoding).
     */
    public String[] imageIds(String imageSets) {
        List<long[]> entries = entries(imageSets);
        String[] ids = new String[entries.size()];
        for (int k = 0; k < ids.length; k++) {
            BatchedTable.Position<View> p = table.locate((int) entries.get(k)[0]);
            ids[k] = Vectors.utf8(p.view().imageId, p.row());
        }
        return ids;
    }

    /** (ref index, sentence index) of every expression of the image sets, in reference order. */
    private List<long[]> entries(String imageSets) {
        List<long[]> entries = new ArrayList<>();
        for (String set : imageSets.split("\\+")) {
            for (int i = 0; i < size(); i++) {
                BatchedTable.Position<View> p = table.locate(i);
                String split = Vectors.utf8(p.view().split, p.row());
                if (selected(set, split)) {
                    int n = Vectors.end(p.view().sentences, p.row()) - Vectors.start(p.view().sentences, p.row());
                    for (int s = 0; s < n; s++) {
                        entries.add(new long[] {i, s});
                    }
                }
            }
        }
        return entries;
    }

    static boolean selected(String set, String split) {
        return switch (set) {
            case "train", "val" -> split.equals(set);
            case "testA", "testB", "testC" -> split.contains(set.substring(set.length() - 1));
            case "test" -> split.contains("test");
            default -> throw new IllegalArgumentException("unknown RefCOCO+ image set '" + set
                    + "' (use train, val, test, testA, testB or testC)");
        };
    }

    @Override
    public void close() {
        file.close();
    }

    private static final class View {
        final BigIntVector refId;
        final BigIntVector annId;
        final VarCharVector imageId;
        final VarCharVector split;
        final IntVector category;
        final VarCharVector fileName;
        final IntVector width;
        final IntVector height;
        final FixedSizeListVector gtBox;
        final ListVector sentences;
        final ListVector gtBoxes;
        final ListVector proposals;

        View(VectorSchemaRoot root, Path file) {
            refId = Vectors.column(root, RefcocoSchema.REF_ID, BigIntVector.class, file);
            annId = Vectors.column(root, RefcocoSchema.ANN_ID, BigIntVector.class, file);
            imageId = Vectors.column(root, RefcocoSchema.IMAGE_ID, VarCharVector.class, file);
            split = Vectors.column(root, RefcocoSchema.SPLIT, VarCharVector.class, file);
            category = Vectors.column(root, RefcocoSchema.CATEGORY_ID, IntVector.class, file);
            fileName = Vectors.column(root, RefcocoSchema.FILE_NAME, VarCharVector.class, file);
            width = Vectors.column(root, RefcocoSchema.IMAGE_WIDTH, IntVector.class, file);
            height = Vectors.column(root, RefcocoSchema.IMAGE_HEIGHT, IntVector.class, file);
            gtBox = Vectors.column(root, RefcocoSchema.GT_BOX, FixedSizeListVector.class, file);
            sentences = Vectors.column(root, RefcocoSchema.SENTENCES, ListVector.class, file);
            gtBoxes = Vectors.column(root, RefcocoSchema.GT_BOXES, ListVector.class, file);
            proposals = Vectors.column(root, RefcocoSchema.PROPOSAL_BOXES, ListVector.class, file);
        }

        RefcocoRef ref(int r) {
            StructVector s = (StructVector) sentences.getDataVector();
            BigIntVector sentId = (BigIntVector) s.getChild(RefcocoSchema.SENT_ID);
            VarCharVector raw = (VarCharVector) s.getChild(RefcocoSchema.RAW);
            VarCharVector sent = (VarCharVector) s.getChild(RefcocoSchema.SENT);
            ListVector tokens = (ListVector) s.getChild(RefcocoSchema.TOKENS);
            ListVector ids = (ListVector) s.getChild(RefcocoSchema.IDS);
            List<RefSentence> list = new ArrayList<>();
            for (int i = Vectors.start(sentences, r); i < Vectors.end(sentences, r); i++) {
                list.add(new RefSentence(sentId.get(i), Vectors.utf8(raw, i), Vectors.utf8(sent, i),
                        Vectors.utf8List(tokens, i), Vectors.int32List(ids, i)));
            }
            float[] box = new float[4];
            java.nio.ByteBuffer b = Vectors.slice((BaseFixedWidthVector) gtBox.getDataVector(), (long) r * 4, 4);
            for (int c = 0; c < 4; c++) {
                box[c] = b.getFloat(c * 4);
            }
            return new RefcocoRef(refId.get(r), annId.get(r), Vectors.utf8(imageId, r), Vectors.utf8(split, r),
                    category.get(r), Vectors.utf8(fileName, r), width.get(r), height.get(r), box, list,
                    matrix(gtBoxes, r), proposals.isNull(r) ? null : matrix(proposals, r));
        }

        private static float[][] matrix(ListVector list, int r) {
            BaseFixedWidthVector values = (BaseFixedWidthVector) ((FixedSizeListVector) list.getDataVector()).getDataVector();
            int s = Vectors.start(list, r);
            float[][] out = new float[Vectors.end(list, r) - s][4];
            java.nio.ByteBuffer b = Vectors.slice(values, (long) s * 4, (long) out.length * 4);
            for (int i = 0; i < out.length; i++) {
                for (int c = 0; c < 4; c++) {
                    out[i][c] = b.getFloat((i * 4 + c) * 4);
                }
            }
            return out;
        }
    }
}

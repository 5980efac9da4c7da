package org.vlbert.data.vcr;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.ListVector;
import org.vlbert.data.DataException;
import org.vlbert.data.arrow.BatchedTable;
import org.vlbert.data.arrow.MappedArrowFile;
import org.vlbert.data.arrow.Vectors;
import org.vlbert.data.load.Dataset;
import org.vlbert.data.schema.FileKind;
import org.vlbert.data.schema.VcrSchema;

/** A memory-mapped VCR file plus the WordPiece ids of the object names. */
public final class VcrItems implements Dataset<VcrItem>, AutoCloseable {
    private final MappedArrowFile file;
    private final BatchedTable<View> table;
    private final Map<String, int[]> namePieces;
    private final int andId;

    private VcrItems(MappedArrowFile file) {
        this.file = file;
        this.table = new BatchedTable<>(file, root -> new View(root, file.path()));
        try {
            this.namePieces = Map.copyOf(new ObjectMapper().readValue(file.requireMeta(VcrSchema.META_NAME_PIECES),
                    new TypeReference<Map<String, int[]>>() { }));
            this.andId = Integer.parseInt(file.requireMeta(VcrSchema.META_AND_ID));
        } catch (com.fasterxml.jackson.core.JsonProcessingException | NumberFormatException e) {
            throw new DataException(file.path() + ": corrupt VCR metadata (" + e.getMessage() + ")", e);
        }
    }

    public static VcrItems open(Path path) {
        return MappedArrowFile.openAs(path, FileKind.VCR, VcrItems::new);
    }

    /** WordPiece ids of a person name or class name ({@link VcrNames}). */
    public int[] namePieces(String name) {
        int[] ids = namePieces.get(name);
        if (ids == null) {
            throw new DataException(file.path() + ": no WordPieces recorded for object name '" + name + "'");
        }
        return ids.clone();
    }

    public int andId() {
        return andId;
    }

    @Override
    public int size() {
        return table.size();
    }

    @Override
    public VcrItem get(int index) {
        BatchedTable.Position<View> p = table.locate(index);
        return p.view().item(p.row());
    }

    /** The object class names of item {@code index}, without decoding its text or geometry. */
    public List<String> objects(int index) {
        BatchedTable.Position<View> p = table.locate(index);
        return Vectors.utf8List(p.view().objects, p.row());
    }

    /** The image file name of item {@code index} (relative to vcr1images/). */
    public String imgFn(int index) {
        BatchedTable.Position<View> p = table.locate(index);
        return Vectors.utf8(p.view().imgFn, p.row());
    }

    public Path path() {
        return file.path();
    }

    @Override
    public void close() {
        file.close();
    }

    private static final class View {
        final VarCharVector annotId;
        final VarCharVector movie;
        final VarCharVector imgFn;
        final VarCharVector metadataFn;
        final ListVector objects;
        final ListVector question;
        final ListVector answers;
        final ListVector rationales;
        final IntVector answerLabel;
        final IntVector rationaleLabel;
        final IntVector width;
        final IntVector height;
        final ListVector boxes;
        final ListVector segms;

        View(VectorSchemaRoot root, Path file) {
            annotId = Vectors.column(root, VcrSchema.ANNOT_ID, VarCharVector.class, file);
            movie = Vectors.column(root, VcrSchema.MOVIE, VarCharVector.class, file);
            imgFn = Vectors.column(root, VcrSchema.IMG_FN, VarCharVector.class, file);
            metadataFn = Vectors.column(root, VcrSchema.METADATA_FN, VarCharVector.class, file);
            objects = Vectors.column(root, VcrSchema.OBJECTS, ListVector.class, file);
            question = Vectors.column(root, VcrSchema.QUESTION, ListVector.class, file);
            answers = Vectors.column(root, VcrSchema.ANSWER_CHOICES, ListVector.class, file);
            rationales = Vectors.column(root, VcrSchema.RATIONALE_CHOICES, ListVector.class, file);
            answerLabel = Vectors.column(root, VcrSchema.ANSWER_LABEL, IntVector.class, file);
            rationaleLabel = Vectors.column(root, VcrSchema.RATIONALE_LABEL, IntVector.class, file);
            width = Vectors.column(root, VcrSchema.IMAGE_WIDTH, IntVector.class, file);
            height = Vectors.column(root, VcrSchema.IMAGE_HEIGHT, IntVector.class, file);
            boxes = Vectors.column(root, VcrSchema.BOXES, ListVector.class, file);
            segms = Vectors.column(root, VcrSchema.SEGMS, ListVector.class, file);
        }

        VcrItem item(int r) {
            return new VcrItem(Vectors.utf8(annotId, r), Vectors.utf8(movie, r), Vectors.utf8(imgFn, r),
                    Vectors.utf8(metadataFn, r), Vectors.utf8List(objects, r), VcrColumns.readTokens(question, r),
                    VcrColumns.readChoices(answers, r), VcrColumns.readChoices(rationales, r),
                    Vectors.int32(answerLabel, r), Vectors.int32(rationaleLabel, r), Vectors.int32(width, r),
                    Vectors.int32(height, r), VcrColumns.readMatrix(boxes, r), VcrColumns.readSegms(segms, r));
        }
    }
}

package org.vlbert.data.text;

import java.nio.file.Path;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.ListVector;
import org.vlbert.data.arrow.BatchedTable;
import org.vlbert.data.arrow.MappedArrowFile;
import org.vlbert.data.arrow.Vectors;
import org.vlbert.data.load.Dataset;
import org.vlbert.data.schema.FileKind;
import org.vlbert.data.schema.TextSchema;

/** A memory-mapped captions or corpus file. */
public final class TextFile implements Dataset<TextRow>, AutoCloseable {
    private final MappedArrowFile file;
    private final BatchedTable<View> table;

    private TextFile(MappedArrowFile file) {
        this.file = file;
        this.table = new BatchedTable<>(file, root -> new View(root, file.path()));
    }

    public static TextFile openCaptions(Path path) {
        return new TextFile(MappedArrowFile.open(path, FileKind.CAPTIONS));
    }

    public static TextFile openCorpus(Path path) {
        return new TextFile(MappedArrowFile.open(path, FileKind.CORPUS));
    }

    public Path path() {
        return file.path();
    }

    @Override
    public int size() {
        return table.size();
    }

    @Override
    public TextRow get(int index) {
        BatchedTable.Position<View> p = table.locate(index);
        View v = p.view();
        int r = p.row();
        return new TextRow(v.imageId == null ? null : Vectors.utf8(v.imageId, r), Vectors.utf8(v.text, r),
                new WordPieces(Vectors.int32List(v.pieces, r), Vectors.int32List(v.lengths, r)));
    }

    /** The image id of row {@code index} (captions), without decoding its text; null for corpus rows. */
    public String imageId(int index) {
        BatchedTable.Position<View> p = table.locate(index);
        return p.view().imageId == null ? null : Vectors.utf8(p.view().imageId, p.row());
    }

    @Override
    public void close() {
        file.close();
    }

    private static final class View {
        final VarCharVector imageId;
        final VarCharVector text;
        final ListVector pieces;
        final ListVector lengths;

        View(VectorSchemaRoot root, Path file) {
            imageId = Vectors.optionalColumn(root, TextSchema.IMAGE_ID, VarCharVector.class, file);
            text = Vectors.column(root, TextSchema.TEXT, VarCharVector.class, file);
            pieces = Vectors.column(root, TextSchema.PIECE_IDS, ListVector.class, file);
            lengths = Vectors.column(root, TextSchema.WORD_LENGTHS, ListVector.class, file);
        }
    }
}

package org.vlbert.data.arrow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.arrow.vector.VarCharVector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vlbert.data.schema.FileKind;
import org.vlbert.data.schema.SchemaMeta;
import org.vlbert.data.schema.TextSchema;

class MappedArrowFileTest {
    @TempDir
    Path dir;

    /** A corpus file of {@code rows} lines "line i", one record batch per row. */
    private Path corpus(int rows) {
        Path out = dir.resolve("corpus.arrow");
        try (ArrowSink sink = ArrowSink.create(out, TextSchema.corpus(Map.of(SchemaMeta.WRITER, "test")), 1)) {
            for (int i = 0; i < rows; i++) {
                Columns.utf8(sink.root().getVector(TextSchema.TEXT), sink.row(), "line " + i);
                Columns.int32List(sink.root().getVector(TextSchema.PIECE_IDS), sink.row(), new int[] {i});
                Columns.int32List(sink.root().getVector(TextSchema.WORD_LENGTHS), sink.row(), new int[] {1});
                sink.endRow();
            }
            sink.commit();
        }
        return out;
    }

    private static String text(MappedArrowFile f, int batch) {
        return Vectors.utf8((VarCharVector) f.batch(batch).getVector(TextSchema.TEXT), 0);
    }

    @Test
    void rowsMapToTheirRecordBatches() {
        try (MappedArrowFile f = MappedArrowFile.open(corpus(5), FileKind.CORPUS)) {
            assertEquals(5, f.batchCount());
            assertEquals(5, f.rowCount());
            assertEquals(3, f.batchOf(3));
            assertEquals(3, f.batchStart(3));
            assertEquals("line 4", text(f, 4));
            assertEquals(List.of("line 1", "line 2"), List.of(text(f, 1), text(f, 2)));
        }
    }

    @Test
    void anInterruptedReaderThreadDoesNotBreakTheFileForOthers() {
        // Loader threads are interrupted when a stream is closed; one that is loading a record batch
        // at that moment must not leave the file unreadable (an interrupted FileChannel closes).
        try (MappedArrowFile f = MappedArrowFile.open(corpus(4), FileKind.CORPUS)) {
            Thread.currentThread().interrupt();
            try {
                assertEquals("line 1", text(f, 1));
            } finally {
                assertTrue(Thread.interrupted(), "the interrupt is left for the thread's owner");
            }
            assertEquals("line 2", text(f, 2));
            assertEquals("line 3", text(f, 3));
        }
    }
}

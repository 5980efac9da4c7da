package org.vlbert.data.vqa;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.List;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.ListVector;
import org.vlbert.data.DataException;
import org.vlbert.data.arrow.BatchedTable;
import org.vlbert.data.arrow.MappedArrowFile;
import org.vlbert.data.arrow.Vectors;
import org.vlbert.data.load.Dataset;
import org.vlbert.data.schema.FileKind;
import org.vlbert.data.schema.VqaSchema;

/** A memory-mapped VQA samples file plus its answer vocabulary and flip token ids. */
public final class VqaSamples implements Dataset<VqaSample>, AutoCloseable {
    private final MappedArrowFile file;
    private final BatchedTable<View> table;
    private final AnswerVocabulary answers;
    private final int leftId;
    private final int rightId;

    private VqaSamples(MappedArrowFile file) {
        this.file = file;
        this.table = new BatchedTable<>(file, root -> new View(root, file.path()));
        try {
            List<String> vocab = new ObjectMapper().readValue(file.requireMeta(VqaSchema.META_ANSWER_VOCAB),
                    new TypeReference<List<String>>() { });
            this.answers = new AnswerVocabulary(vocab);
            this.leftId = Integer.parseInt(file.requireMeta(VqaSchema.META_LEFT_ID));
            this.rightId = Integer.parseInt(file.requireMeta(VqaSchema.META_RIGHT_ID));
        } catch (com.fasterxml.jackson.core.JsonProcessingException | NumberFormatException e) {
            throw new DataException(file.path() + ": corrupt VQA metadata (" + e.getMessage() + ")", e);
        }
    }

    public static VqaSamples open(Path path) {
        return MappedArrowFile.openAs(path, FileKind.VQA, VqaSamples::new);
    }

    public Path path() {
        return file.path();
    }

    /** The processed answer vocabulary the label indices refer to. */
    public AnswerVocabulary answers() {
        return answers;
    }

    /** Id of the WordPiece {@code left} (-1 if the vocab has none). */
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
    public VqaSample get(int index) {
        BatchedTable.Position<View> p = table.locate(index);
        return p.view().sample(p.row());
    }

    /** Just the image id of row {@code index} (cheaper than {@link #get}). */
    public String imageId(int index) {
        BatchedTable.Position<View> p = table.locate(index);
        return Vectors.utf8(p.view().imageId, p.row());
    }

    /** Just the question id of row {@code index}. */
    public long questionId(int index) {
        BatchedTable.Position<View> p = table.locate(index);
        return p.view().questionId.get(p.row());
    }

    @Override
    public void close() {
        file.close();
    }

    private static final class View {
        final BigIntVector questionId;
        final VarCharVector imageId;
        final VarCharVector question;
        final ListVector questionIds;
        final ListVector answers;
        final VarCharVector mca;
        final VarCharVector answerType;
        final VarCharVector questionType;
        final ListVector labelIndices;
        final ListVector labelScores;

        View(VectorSchemaRoot root, Path file) {
            questionId = Vectors.column(root, VqaSchema.QUESTION_ID, BigIntVector.class, file);
            imageId = Vectors.column(root, VqaSchema.IMAGE_ID, VarCharVector.class, file);
            question = Vectors.column(root, VqaSchema.QUESTION, VarCharVector.class, file);
            questionIds = Vectors.column(root, VqaSchema.QUESTION_IDS, ListVector.class, file);
            answers = Vectors.column(root, VqaSchema.ANSWERS, ListVector.class, file);
            mca = Vectors.column(root, VqaSchema.MULTIPLE_CHOICE_ANSWER, VarCharVector.class, file);
            answerType = Vectors.column(root, VqaSchema.ANSWER_TYPE, VarCharVector.class, file);
            questionType = Vectors.column(root, VqaSchema.QUESTION_TYPE, VarCharVector.class, file);
            labelIndices = Vectors.column(root, VqaSchema.LABEL_INDICES, ListVector.class, file);
            labelScores = Vectors.column(root, VqaSchema.LABEL_SCORES, ListVector.class, file);
        }

        VqaSample sample(int row) {
            return new VqaSample(questionId.get(row), Vectors.utf8(imageId, row), Vectors.utf8(question, row),
                    Vectors.int32List(questionIds, row), Vectors.utf8List(answers, row), Vectors.utf8(mca, row),
                    Vectors.utf8(answerType, row), Vectors.utf8(questionType, row),
                    Vectors.int32List(labelIndices, row), Vectors.float32List(labelScores, row));
        }
    }
}

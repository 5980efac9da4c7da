package org.vlbert.data.regions;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.apache.arrow.vector.BaseFixedWidthVector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.FixedSizeListVector;
import org.apache.arrow.vector.complex.ListVector;
import org.vlbert.data.DataException;
import org.vlbert.data.arrow.BatchedTable;
import org.vlbert.data.arrow.MappedArrowFile;
import org.vlbert.data.arrow.Vectors;
import org.vlbert.data.load.Dataset;
import org.vlbert.data.schema.FileKind;
import org.vlbert.data.schema.RegionSchema;

/** A memory-mapped regions file: rows are images, looked up by index or by image id. */
public final class RegionFeatures implements Dataset<Region>, AutoCloseable {
    private final MappedArrowFile file;
    private final BatchedTable<View> table;
    private final int featureDim;
    private final boolean fp16;
    private volatile Map<String, Integer> index;

    private RegionFeatures(MappedArrowFile file) {
        this.file = file;
        this.featureDim = Integer.parseInt(file.requireMeta(RegionSchema.META_FEATURE_DIM));
        this.fp16 = "float16".equals(file.requireMeta(RegionSchema.META_FEATURE_TYPE));
        this.table = new BatchedTable<>(file, root -> new View(root, file.path()));
    }

    public static RegionFeatures open(Path path) {
        return MappedArrowFile.openAs(path, FileKind.REGIONS, RegionFeatures::new);
    }

    public Path path() {
        return file.path();
    }

    public int featureDim() {
        return featureDim;
    }

    public boolean fp16() {
        return fp16;
    }

    @Override
    public int size() {
        return table.size();
    }

    @Override
    public Region get(int index) {
        BatchedTable.Position<View> p = table.locate(index);
        return p.view().region(p.row(), featureDim, fp16);
    }

    /** Original width in pixels of the image in row {@code index} (without decoding the row). */
    public int width(int index) {
        BatchedTable.Position<View> p = table.locate(index);
        return p.view().widths.get(p.row());
    }

    /** Original height in pixels of the image in row {@code index} (without decoding the row). */
    public int height(int index) {
        BatchedTable.Position<View> p = table.locate(index);
        return p.view().heights.get(p.row());
    }

    /** The row of {@code imageId}, or -1. The id index is built on first use. */
    public int indexOf(String imageId) {
        Map<String, Integer> m = index;
        if (m == null) {
            m = buildIndex();
        }
        Integer i = m.get(imageId);
        return i == null ? -1 : i;
    }

    private synchronized Map<String, Integer> buildIndex() {
        if (index != null) {
            return index;
        }
        Map<String, Integer> m = new HashMap<>(size() * 2);
        for (int i = 0; i < size(); i++) {
            BatchedTable.Position<View> p = table.locate(i);
            String id = Vectors.utf8(p.view().ids, p.row());
            Integer previous = m.put(id, i);
            if (previous != null) {
                throw new DataException(file.path() + ": image id '" + id + "' appears twice (rows " + previous + " and "
                        + i + "); convert each image once");
            }
        }
        index = m;
        return m;
    }

    @Override
    public void close() {
        file.close();
    }

    /** The typed vectors of one record batch. */
    private static final class View {
        final VarCharVector ids;
        final IntVector widths;
        final IntVector heights;
        final ListVector boxes;
        final BaseFixedWidthVector boxValues;
        final ListVector features;
        final BaseFixedWidthVector featureValues;
        final FixedSizeListVector imageBox;
        final BaseFixedWidthVector imageBoxValues;
        final ListVector classScores;
        final BaseFixedWidthVector classScoreValues;
        final int classScoreDim;
        final ListVector attrScores;
        final BaseFixedWidthVector attrScoreValues;
        final int attrScoreDim;
        final ListVector classLabels;
        final ListVector classConf;
        final ListVector attrLabels;
        final ListVector attrConf;

        View(VectorSchemaRoot root, Path file) {
            ids = Vectors.column(root, RegionSchema.IMAGE_ID, VarCharVector.class, file);
            widths = Vectors.column(root, RegionSchema.WIDTH, IntVector.class, file);
            heights = Vectors.column(root, RegionSchema.HEIGHT, IntVector.class, file);
            boxes = Vectors.column(root, RegionSchema.BOXES, ListVector.class, file);
            boxValues = values(boxes);
            features = Vectors.column(root, RegionSchema.FEATURES, ListVector.class, file);
            featureValues = values(features);
            imageBox = Vectors.optionalColumn(root, RegionSchema.IMAGE_BOX_FEATURE, FixedSizeListVector.class, file);
            imageBoxValues = imageBox == null ? null : (BaseFixedWidthVector) imageBox.getDataVector();
            classScores = Vectors.optionalColumn(root, RegionSchema.CLASS_SCORES, ListVector.class, file);
            classScoreValues = classScores == null ? null : values(classScores);
            classScoreDim = classScores == null ? 0 : ((FixedSizeListVector) classScores.getDataVector()).getListSize();
            attrScores = Vectors.optionalColumn(root, RegionSchema.ATTR_SCORES, ListVector.class, file);
            attrScoreValues = attrScores == null ? null : values(attrScores);
            attrScoreDim = attrScores == null ? 0 : ((FixedSizeListVector) attrScores.getDataVector()).getListSize();
            classLabels = Vectors.optionalColumn(root, RegionSchema.CLASS_LABELS, ListVector.class, file);
            classConf = Vectors.optionalColumn(root, RegionSchema.CLASS_CONFIDENCES, ListVector.class, file);
            attrLabels = Vectors.optionalColumn(root, RegionSchema.ATTR_LABELS, ListVector.class, file);
            attrConf = Vectors.optionalColumn(root, RegionSchema.ATTR_CONFIDENCES, ListVector.class, file);
        }

        private static BaseFixedWidthVector values(ListVector matrix) {
            return (BaseFixedWidthVector) ((FixedSizeListVector) matrix.getDataVector()).getDataVector();
        }

        Region region(int row, int featureDim, boolean fp16) {
            int first = Vectors.start(boxes, row);
            int n = Vectors.end(boxes, row) - first;
            int featFirst = Vectors.start(features, row);
            if (Vectors.end(features, row) - featFirst != n) {
                throw new DataException("row " + row + ": " + n + " boxes but "
                        + (Vectors.end(features, row) - featFirst) + " features");
            }
            ByteBuffer imageBoxFeature = imageBox == null || imageBox.isNull(row) ? null
                    : Vectors.slice(imageBoxValues, (long) row * featureDim, featureDim);
            return new Region(Vectors.utf8(ids, row), widths.get(row), heights.get(row), n, featureDim, fp16,
                    Vectors.slice(boxValues, (long) first * 4, (long) n * 4),
                    Vectors.slice(featureValues, (long) featFirst * featureDim, (long) n * featureDim),
                    imageBoxFeature,
                    matrix(classScores, classScoreValues, classScoreDim, row),
                    classScoreDim,
                    matrix(attrScores, attrScoreValues, attrScoreDim, row),
                    attrScoreDim,
                    classLabels == null ? null : Vectors.int32List(classLabels, row),
                    classConf == null ? null : Vectors.float32List(classConf, row),
                    attrLabels == null ? null : Vectors.int32List(attrLabels, row),
                    attrConf == null ? null : Vectors.float32List(attrConf, row));
        }

        private static ByteBuffer matrix(ListVector list, BaseFixedWidthVector values, int width, int row) {
            if (list == null) {
                return null;
            }
            int first = Vectors.start(list, row);
            return Vectors.slice(values, (long) first * width, (long) (Vectors.end(list, row) - first) * width);
        }
    }
}

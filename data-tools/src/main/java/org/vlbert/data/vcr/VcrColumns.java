package org.vlbert.data.vcr;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.BaseFixedWidthVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.complex.FixedSizeListVector;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.complex.StructVector;
import org.vlbert.data.arrow.Columns;
import org.vlbert.data.arrow.Vectors;
import org.vlbert.data.schema.VcrSchema;

/** Writes and reads the nested VCR columns (token lists, choice lists, polygons). */
final class VcrColumns {
    private VcrColumns() {}

    static void writeTokens(ListVector list, int row, List<VcrToken> tokens) {
        int start = list.startNewValue(row);
        StructVector token = (StructVector) list.getDataVector();
        for (int k = 0; k < tokens.size(); k++) {
            int idx = start + k;
            VcrToken t = tokens.get(k);
            token.setIndexDefined(idx);
            Columns.utf8(token.getChild(VcrSchema.TOKEN_WORD), idx, t.word());
            Columns.int32List(token.getChild(VcrSchema.TOKEN_OBJECTS), idx, t.objects());
            Columns.int32List(token.getChild(VcrSchema.TOKEN_PIECES), idx, t.pieces());
        }
        list.endValue(row, tokens.size());
    }

    static void writeChoices(ListVector list, int row, List<List<VcrToken>> choices) {
        int start = list.startNewValue(row);
        ListVector inner = (ListVector) list.getDataVector();
        for (int c = 0; c < choices.size(); c++) {
            writeTokens(inner, start + c, choices.get(c));
        }
        list.endValue(row, choices.size());
    }

    /** segms[object][polygon] = flat x, y, x, y, ... */
    static void writeSegms(ListVector list, int row, float[][][] segms) {
        int start = list.startNewValue(row);
        ListVector perObject = (ListVector) list.getDataVector();
        for (int o = 0; o < segms.length; o++) {
            int objStart = perObject.startNewValue(start + o);
            ListVector polygon = (ListVector) perObject.getDataVector();
            for (int p = 0; p < segms[o].length; p++) {
                Columns.floatMatrix(polygon, objStart + p, segms[o][p], segms[o][p].length / 2);
            }
            perObject.endValue(start + o, segms[o].length);
        }
        list.endValue(row, segms.length);
    }

    static List<VcrToken> readTokens(ListVector list, int row) {
        StructVector token = (StructVector) list.getDataVector();
        VarCharVector word = (VarCharVector) token.getChild(VcrSchema.TOKEN_WORD);
        ListVector objects = (ListVector) token.getChild(VcrSchema.TOKEN_OBJECTS);
        ListVector pieces = (ListVector) token.getChild(VcrSchema.TOKEN_PIECES);
        List<VcrToken> out = new ArrayList<>();
        for (int i = Vectors.start(list, row); i < Vectors.end(list, row); i++) {
            out.add(new VcrToken(Vectors.utf8(word, i), Vectors.int32List(objects, i), Vectors.int32List(pieces, i)));
        }
        return out;
    }

    static List<List<VcrToken>> readChoices(ListVector list, int row) {
        ListVector inner = (ListVector) list.getDataVector();
        List<List<VcrToken>> out = new ArrayList<>();
        for (int i = Vectors.start(list, row); i < Vectors.end(list, row); i++) {
            out.add(readTokens(inner, i));
        }
        return out;
    }

    static float[][] readMatrix(ListVector list, int row) {
        FixedSizeListVector fsl = (FixedSizeListVector) list.getDataVector();
        BaseFixedWidthVector values = (BaseFixedWidthVector) fsl.getDataVector();
        int width = fsl.getListSize();
        int s = Vectors.start(list, row);
        float[][] out = new float[Vectors.end(list, row) - s][width];
        ByteBuffer b = Vectors.slice(values, (long) s * width, (long) out.length * width);
        for (int i = 0; i < out.length; i++) {
            for (int j = 0; j < width; j++) {
                out[i][j] = b.getFloat((i * width + j) * 4);
            }
        }
        return out;
    }

    static float[][][] readSegms(ListVector list, int row) {
        ListVector perObject = (ListVector) list.getDataVector();
        ListVector polygon = (ListVector) perObject.getDataVector();
        int s = Vectors.start(list, row);
        float[][][] out = new float[Vectors.end(list, row) - s][][];
        for (int o = 0; o < out.length; o++) {
            int ps = Vectors.start(perObject, s + o);
            out[o] = new float[Vectors.end(perObject, s + o) - ps][];
            for (int p = 0; p < out[o].length; p++) {
                float[][] points = readMatrix(polygon, ps + p);
                float[] flat = new float[points.length * 2];
                for (int k = 0; k < points.length; k++) {
                    flat[2 * k] = points[k][0];
                    flat[2 * k + 1] = points[k][1];
                }
                out[o][p] = flat;
            }
        }
        return out;
    }
}

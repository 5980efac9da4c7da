package org.vlbert.eval.vcr;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.vlbert.eval.PythonText;
import org.vlbert.eval.ResultFiles;

/**
 * The VCR leaderboard CSV files of the reference {@code vcr/test.py} (evaluation.md §3.3):
 * <ul>
 *   <li>{@code <name>_test_result_Q2A.csv}: {@code annot_id,answer_0..answer_3};</li>
 *   <li>{@code <name>_test_result_QA2R.csv}: {@code annot_id} and the 16 columns
 *       {@code rationale_conditioned_on_a<i>_<j>}, answer i the outer loop, rationale j the inner;</li>
 *   <li>{@code <name>_test_result_Q2AR.csv}: the submission, the two inner-joined on
 *       {@code annot_id} in the Q→A file's row order, 21 columns in the order above.</li>
 * </ul>
 * Values are written as pandas writes a float32 column (numpy's shortest repr, e.g.
 * {@code 0.25}, {@code 1.2e-05}); lines end with {@code \n}, no quoting (annot ids are plain
 * {@code test-123}). Rows with the same annot id in both files keep the per-task text unchanged.
 */
public final class VcrLeaderboard {
    public static final String ID = "annot_id";
    public static final List<String> ANSWER_COLUMNS;
    public static final List<String> RATIONALE_COLUMNS;
    /** The 21 submission columns in their required order. */
    public static final List<String> COLUMNS;

    static {
        List<String> a = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            a.add("answer_" + i);
        }
        List<String> r = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            for (int j = 0; j < 4; j++) {
                r.add("rationale_conditioned_on_a" + i + "_" + j);
            }
        }
        List<String> all = new ArrayList<>();
        all.add(ID);
        all.addAll(a);
        all.addAll(r);
        ANSWER_COLUMNS = Collections.unmodifiableList(a);
        RATIONALE_COLUMNS = Collections.unmodifiableList(r);
        COLUMNS = Collections.unmodifiableList(all);
    }

    /** Which model's file: the {@code DATASET.TASK} of its config, or the merged submission. */
    public enum Kind {
        Q2A, QA2R, Q2AR;

        public String fileName(String resultName) {
            return resultName + "_test_result_" + name() + ".csv";
        }
    }

    /** One row of a per-task file: 4 answer or 16 conditioned rationale probabilities. */
    public record Row(String annotId, float[] probabilities) {}

    private VcrLeaderboard() {}

    /** The Q→A file's text. */
    public static String answerCsv(List<Row> rows) {
        return csv(ANSWER_COLUMNS, rows);
    }

    /** The QA→R file's text (each row 16 values: for answer i, the softmax over rationales j). */
    public static String rationaleCsv(List<Row> rows) {
        return csv(RATIONALE_COLUMNS, rows);
    }

    /** The submission: Q→A rows (in order) that have a QA→R row, each joined with it. */
    public static String mergedCsv(List<Row> answers, List<Row> rationales) {
        Map<String, Row> byId = new HashMap<>();
        for (Row r : rationales) {
            check(r, RATIONALE_COLUMNS.size());
            byId.putIfAbsent(r.annotId(), r);
        }
        StringBuilder out = new StringBuilder(header(COLUMNS));
        for (Row a : answers) {
            check(a, ANSWER_COLUMNS.size());
            Row r = byId.get(a.annotId());
            if (r == null) {
                continue; // an inner join drops ids missing from either side
            }
            out.append(a.annotId());
            appendValues(out, a.probabilities());
            appendValues(out, r.probabilities());
            out.append('\n');
        }
        return out.toString();
    }

    public static Path write(Path dir, String resultName, Kind kind, String text) {
        return ResultFiles.writeText(dir.resolve(kind.fileName(resultName)), text);
    }

    private static String csv(List<String> columns, List<Row> rows) {
        List<String> all = new ArrayList<>();
        all.add(ID);
        all.addAll(columns);
        StringBuilder out = new StringBuilder(header(all));
        for (Row r : rows) {
            check(r, columns.size());
            out.append(r.annotId());
            appendValues(out, r.probabilities());
            out.append('\n');
        }
        return out.toString();
    }

    private static String header(List<String> columns) {
        return String.join(",", columns) + "\n";
    }

    private static void appendValues(StringBuilder out, float[] values) {
        for (float v : values) {
            out.append(',').append(PythonText.reprFloat32(v));
        }
    }

    private static void check(Row r, int n) {
        if (r.probabilities().length != n) {
            throw new IllegalArgumentException("annot_id " + r.annotId() + " has " + r.probabilities().length
                    + " values, its file needs " + n);
        }
        if (r.annotId().contains(",") || r.annotId().contains("\"") || r.annotId().contains("\n")) {
            throw new IllegalArgumentException("annot_id '" + r.annotId() + "' would need CSV quoting");
        }
    }
}

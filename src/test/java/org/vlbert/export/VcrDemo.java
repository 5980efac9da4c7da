package org.vlbert.export;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import org.vlbert.data.demo.DemoData;
import org.vlbert.data.vcr.VcrItem;
import org.vlbert.data.vcr.VcrItems;

/** The VCR demo data of the export tests and the probabilities predict reports for it. */
final class VcrDemo {
    /** Test items of the demo data (a fifth of its 40 training items). */
    static final int TEST_ITEMS = 8;

    private VcrDemo() {}

    /** Writes the VCR demo data (40 training items, 3 regions per image) into {@code dir}. */
    static Path generate(Path dir) {
        DemoData.generate(dir, new DemoData.Settings(40, 8, 40, 3, 2048, 5), EnumSet.of(DemoData.Task.VCR));
        return dir;
    }

    /** The items of the unlabelled test file, in file order. */
    static List<VcrItem> testItems(Path data) {
        try (VcrItems items = VcrItems.open(data.resolve("vcr_test.arrow"))) {
            List<VcrItem> out = new ArrayList<>();
            for (int i = 0; i < items.size(); i++) {
                out.add(items.get(i));
            }
            return out;
        }
    }

    /** The 4 choice probabilities of one prediction of {@code predict --json}. */
    static float[] probabilities(JsonNode prediction) {
        float[] out = new float[4];
        for (int k = 0; k < 4; k++) {
            out[k] = (float) prediction.get("choices").get(k).get("probability").asDouble();
        }
        return out;
    }

    /** Cells {@code from .. from + 3} of a line of a VCR test result CSV, as floats. */
    static float[] csvRow(String csvLine, int from) {
        String[] cells = csvLine.split(",");
        float[] out = new float[4];
        for (int k = 0; k < 4; k++) {
            out[k] = Float.parseFloat(cells[from + k]);
        }
        return out;
    }
}

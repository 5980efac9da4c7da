package org.vlbert.eval.refcoco;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RefcocoResultsTest {
    @Test
    void iouUsesInclusivePixelsPlusOne() {
        assertEquals(1.0, RefcocoIou.iou(new double[] {0, 0, 9, 9}, new double[] {0, 0, 9, 9}));
        // 10x10 boxes overlapping in a 5x10 strip: 50 / (100 + 100 - 50)
        assertEquals(50.0 / 150, RefcocoIou.iou(new double[] {0, 0, 9, 9}, new double[] {5, 0, 14, 9}));
        // touching at one pixel column still overlaps by one column (+1 convention)
        assertEquals(10.0 / 190, RefcocoIou.iou(new double[] {0, 0, 9, 9}, new double[] {9, 0, 18, 9}));
        assertEquals(0.0, RefcocoIou.iou(new double[] {0, 0, 9, 9}, new double[] {20, 20, 29, 29}));
    }

    @Test
    void theTestRuleIsIouAtLeastHalf() {
        double half = RefcocoIou.iou(new double[] {0, 0, 9, 9}, new double[] {0, 0, 19, 9}); // 100 / 200
        assertEquals(0.5, half);
        assertTrue(RefcocoIou.correct(half), "test.py counts IoU == 0.5 (>=), unlike RefAcc's > 0.5");
        assertFalse(RefcocoIou.correct(Math.nextDown(0.5)));
    }

    @Test
    void resultJsonAndAccuracyLineMatchTheReference(@TempDir Path dir) throws Exception {
        List<RefcocoPrediction> p = List.of(
                new RefcocoPrediction(7, new float[] {12.3f, 0f, 41.5f, 99f}, new double[] {12.3, 0, 41.5, 99}),
                new RefcocoPrediction(7, new float[] {0f, 0f, 9f, 9f}, new double[] {100, 100, 120, 120}),
                new RefcocoPrediction(12, new float[] {0f, 0f, 9f, 9f}, new double[] {0, 0, 19, 9}));
        assertEquals("[{\"ref_id\": 7, \"box\": [12.300000190734863, 0.0, 41.5, 99.0]}, "
                + "{\"ref_id\": 7, \"box\": [0.0, 0.0, 9.0, 9.0]}, {\"ref_id\": 12, \"box\": [0.0, 0.0, 9.0, 9.0]}]",
                RefcocoResults.toJson(p));
        RefcocoResults.Accuracy acc = RefcocoResults.accuracy("testA", p);
        assertEquals(2, acc.correct());
        assertEquals(3, acc.total());
        assertEquals("Accuracy: 66.66666666666666.", acc.line());

        Path file = RefcocoResults.writePredictions(dir, "vl-bert_base", "testA", p);
        assertEquals("vl-bert_base_refcoco+_testA.json", file.getFileName().toString());
        Path summary = RefcocoResults.writeAccuracy(dir, "vl-bert_base", acc, p);
        JsonNode s = new ObjectMapper().readTree(Files.readString(summary));
        assertEquals("testA", s.get("split").asText());
        assertEquals(2, s.get("correct").asInt());
        assertEquals(3, s.get("sentences").size());
        assertEquals(0.5, s.get("sentences").get(2).get("iou").asDouble());
        assertTrue(s.get("sentences").get(2).get("correct").asBoolean());
    }
}

package org.vlbert.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Expected lines were produced by running the reference callback's formatting code
 * (common/callbacks/batch_end_callbacks/speedometer.py) under Python 3 with the same fake clock
 * and timings.
 */
class SpeedometerTest {

    @Test
    void linesMatchReferenceAcrossTwoEpochs() {
        double[] clock = {0};
        List<String> lines = new ArrayList<>();
        Speedometer s = new Speedometer(8, 2, 5, 2, null, () -> clock[0], lines::add);
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("SoftAcc", 0.123456789);
        metrics.put("AnsLoss", Double.NaN);
        double[] times = {0.0, 0.5, 1.25, 2.0, 3.0, 4.0, 4.5, 5.0, 6.0, 7.25};
        for (int i = 0; i < 10; i++) {
            clock[0] = times[i];
            BatchTimings t = new BatchTimings(0.01 * (i + 1), 0.002, 0.1, 0.2, 0.03, 0.004);
            s.onBatchEnd(3 + i / 5, i % 5, t, metrics);
        }
        String train = "\tTrain-SoftAcc=0.123457,\tAnsLoss=nan,\t";
        List<String> expected = List.of(
                "Epoch[3] Batch [0]\tSpeed: - samples/sec ETA: - d - h - m" + train,
                "Epoch[3] Batch [2]\tSpeed: 12.80 samples/s ETA: 0 d  0 h  0 m\tData: 0.030 Tran: 0.003 F: 0.150 B: 0.300 O: 0.045 M: 0.006" + train,
                "Epoch[3] Batch [4]\tSpeed: 9.14 samples/s ETA: 0 d  0 h  0 m\tData: 0.045 Tran: 0.002 F: 0.100 B: 0.200 O: 0.030 M: 0.004" + train,
                "Epoch[4] Batch [0]\tSpeed: - samples/sec ETA: - d - h - m" + train,
                "Epoch[4] Batch [2]\tSpeed: 16.00 samples/s ETA: 0 d  0 h  0 m\tData: 0.105 Tran: 0.003 F: 0.150 B: 0.300 O: 0.045 M: 0.006" + train,
                "Epoch[4] Batch [4]\tSpeed: 7.11 samples/s ETA: 0 d  0 h  0 m\tData: 0.095 Tran: 0.002 F: 0.100 B: 0.200 O: 0.030 M: 0.004" + train);
        assertEquals(expected, lines);
    }

    @Test
    void rankPrefixLongEtaAndNoMetricObject() {
        double[] clock = {0};
        List<String> lines = new ArrayList<>();
        Speedometer s = new Speedometer(2, 1, 100000, 3, 3, () -> clock[0], lines::add);
        for (int b = 0; b < 3; b++) {
            clock[0] = 100.0 + b * 7.5;
            s.onBatchEnd(0, b, new BatchTimings(0.0005, 0.0015, 0.0025, 0.0, 0.0, 0.125), null);
        }
        assertEquals(List.of(
                "Rank[  3]Epoch[0] Batch [0]\tSpeed: - samples/sec ETA: - d - h - m",
                "Rank[  3]Epoch[0] Batch [1]\tSpeed: 0.27 ETA: 26 d  0 h 59 m samples/s\tData: 0.001 Tran: 0.003 F: 0.005 B: 0.000 O: 0.000 M: 0.250",
                "Rank[  3]Epoch[0] Batch [2]\tSpeed: 0.27 ETA: 26 d  0 h 59 m samples/s\tData: 0.001 Tran: 0.002 F: 0.003 B: 0.000 O: 0.000 M: 0.125"),
                lines);
    }

    @Test
    void onlyLogsAtMultiplesOfFrequent() {
        double[] clock = {0};
        List<String> lines = new ArrayList<>();
        Speedometer s = new Speedometer(4, 100, 1000, 1, null, () -> clock[0], lines::add);
        for (int b = 0; b <= 250; b++) {
            clock[0] = b * 0.1;
            s.onBatchEnd(0, b, BatchTimings.ZERO, Map.of());
        }
        assertEquals(3, lines.size(), "batches 0, 100, 200");
        assertEquals("Epoch[0] Batch [100]\tSpeed: 40.00 samples/s ETA: 0 d  0 h  1 m\tData: 0.000 Tran: 0.000 F: 0.000 "
                + "B: 0.000 O: 0.000 M: 0.000\tTrain-", lines.get(1));
    }
}

package org.vlbert.tasks.pretrain;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.vlbert.graphs.tensor.HostTensor;
import org.vlbert.train.BatchStream;

class MultiTaskBatchStreamTest {
    /** A stream whose batch b of epoch e is one tensor {@code name} holding e * 100 + b. */
    private static BatchStream stream(String name, int perEpoch) {
        return new BatchStream() {
            @Override
            public int batchesPerEpoch() {
                return perEpoch;
            }

            @Override
            public int batchSize() {
                return 2;
            }

            @Override
            public Iterator<Map<String, HostTensor>> epoch(int epoch, int startBatch) {
                List<Map<String, HostTensor>> batches = new ArrayList<>();
                for (int b = startBatch; b < perEpoch; b++) {
                    Map<String, HostTensor> m = new LinkedHashMap<>();
                    m.put(name, HostTensor.ofLongs(new long[] {1}, epoch * 100L + b));
                    batches.add(m);
                }
                return batches.iterator();
            }
        };
    }

    private static List<String> pairs(BatchStream s, int epoch, int start) {
        List<String> out = new ArrayList<>();
        s.epoch(epoch, start).forEachRemaining(m -> out.add(m.get("text").toLongArray()[0] + "+"
                + m.get("aux_text").toLongArray()[0]));
        return out;
    }

    @Test
    void auxBatchesCycleOnTheirOwnAcrossMasterEpochsAndResumeExactly() {
        BatchStream s = new MultiTaskBatchStream(stream("text", 3), stream("aux_text", 2));
        assertEquals(3, s.batchesPerEpoch());
        assertEquals(4, s.batchSize());
        // global batches 0..5: aux (epoch, batch) = (0,0) (0,1) (1,0) | (1,1) (2,0) (2,1)
        assertEquals(List.of("0+0", "1+1", "2+100"), pairs(s, 0, 0));
        assertEquals(List.of("100+101", "101+200", "102+201"), pairs(s, 1, 0));
        assertEquals(List.of("101+200", "102+201"), pairs(s, 1, 1));
    }
}

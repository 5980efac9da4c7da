package org.vlbert.eval;

import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.vlbert.graphs.tensor.HostTensor;
import org.vlbert.tasks.EvalRow;
import org.vlbert.tasks.TaskData;
import org.vlbert.train.BatchStream;
import org.vlbert.train.TaskMetrics;

/** A data plug-in with fixed test batches and rows, for the val/test runners' logic. */
public final class StubTaskData implements TaskData {
    private final List<Map<String, HostTensor>> batches;
    private final List<EvalRow> rows;

    public StubTaskData(List<Map<String, HostTensor>> batches, List<EvalRow> rows) {
        this.batches = batches;
        this.rows = rows;
    }

    @Override
    public BatchStream test() {
        return new BatchStream() {
            @Override
            public int batchesPerEpoch() {
                return batches.size();
            }

            @Override
            public int batchSize() {
                return (int) batches.get(0).values().iterator().next().dim(0);
            }

            @Override
            public Iterator<Map<String, HostTensor>> epoch(int epoch, int startBatch) {
                return batches.subList(startBatch, batches.size()).iterator();
            }
        };
    }

    @Override
    public List<EvalRow> testRows() {
        return rows;
    }

    @Override
    public BatchStream train(int rank, int worldSize, long seed) {
        throw new UnsupportedOperationException();
    }

    @Override
    public BatchStream val(int rank, int worldSize) {
        throw new UnsupportedOperationException();
    }

    @Override
    public TaskMetrics trainMetrics() {
        throw new UnsupportedOperationException();
    }

    @Override
    public TaskMetrics valMetrics() {
        throw new UnsupportedOperationException();
    }

    @Override
    public void close() {
    }
}

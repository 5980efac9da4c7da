package org.vlbert.dist;

import java.util.List;
import java.util.Map;

/** One worker process to start: its global and local rank, command line and extra environment. */
public record WorkerSpec(int rank, int localRank, List<String> command, Map<String, String> environment) {
    public WorkerSpec {
        command = List.copyOf(command);
        environment = Map.copyOf(environment);
    }
}

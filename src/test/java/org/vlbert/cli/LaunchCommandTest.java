package org.vlbert.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.vlbert.testutil.CliRun.vlbert;

import org.junit.jupiter.api.Test;
import org.vlbert.testutil.CliRun;

/** Usage errors of 'vlbert launch' (worker processes are exercised by the tests module). */
class LaunchCommandTest {
    @Test
    void needsAWorkerCommand() {
        CliRun r = vlbert("launch", "--nproc-per-node", "2");
        assertEquals(Main.EXIT_USAGE, r.exit());
        assertTrue(r.err().contains("Missing required parameter: 'COMMAND'"), r.err());
    }

    @Test
    void rejectsImpossibleTopologies() {
        CliRun r = vlbert("launch", "--nnodes", "2", "--node-rank", "2", "train");
        assertEquals(Main.EXIT_USAGE, r.exit());
        assertTrue(r.err().startsWith("error: need --nnodes >= 1, --nproc-per-node >= 1, 0 <= --node-rank < --nnodes"),
                r.err());
        CliRun nested = vlbert("launch", "launch", "train");
        assertEquals(Main.EXIT_USAGE, nested.exit());
        assertTrue(nested.err().startsWith("error: the worker command cannot be 'launch' itself"), nested.err());
    }

    @Test
    void workerOptionsAfterTheCommandAreNotTheLaunchers() {
        // '--help' after the command belongs to the worker: launch must not print its own help.
        CliRun r = vlbert("launch", "--nnodes", "0", "train", "--help");
        assertEquals(Main.EXIT_USAGE, r.exit());
        assertTrue(r.err().startsWith("error: need --nnodes >= 1"), r.err());
    }

    @Test
    void acceptsTheReferenceSpellings() {
        CliRun r = vlbert("launch", "--nproc_per_node", "1", "--node_rank", "1", "--master_port", "0",
                "train");
        assertEquals(Main.EXIT_USAGE, r.exit());
        assertTrue(r.err().startsWith("error: need --nnodes >= 1"), "node_rank 1 of 1 node: " + r.err());
    }
}

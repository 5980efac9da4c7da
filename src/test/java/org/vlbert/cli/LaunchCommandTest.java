package org.vlbert.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Usage errors of 'vlbert launch' (worker processes are exercised by the tests module). */
class LaunchCommandTest {
    @Test
    void needsAWorkerCommand() {
        MainTest.Result r = MainTest.run("launch", "--nproc-per-node", "2");
        assertEquals(Main.EXIT_USAGE, r.exit());
        assertTrue(r.err().contains("Missing required parameter: 'COMMAND'"), r.err());
    }

    @Test
    void rejectsImpossibleTopologies() {
        MainTest.Result r = MainTest.run("launch", "--nnodes", "2", "--node-rank", "2", "train");
        assertEquals(Main.EXIT_USAGE, r.exit());
        assertTrue(r.err().startsWith("error: need --nnodes >= 1, --nproc-per-node >= 1, 0 <= --node-rank < --nnodes"),
                r.err());
        MainTest.Result nested = MainTest.run("launch", "launch", "train");
        assertEquals(Main.EXIT_USAGE, nested.exit());
        assertTrue(nested.err().startsWith("error: the worker command cannot be 'launch' itself"), nested.err());
    }

    @Test
    void workerOptionsAfterTheCommandAreNotTheLaunchers() {
        // '--help' after the command belongs to the worker: launch must not print its own help.
        MainTest.Result r = MainTest.run("launch", "--nnodes", "0", "train", "--help");
        assertEquals(Main.EXIT_USAGE, r.exit());
        assertTrue(r.err().startsWith("error: need --nnodes >= 1"), r.err());
    }

    @Test
    void acceptsTheReferenceSpellings() {
        MainTest.Result r = MainTest.run("launch", "--nproc_per_node", "1", "--node_rank", "1", "--master_port", "0",
                "train");
        assertEquals(Main.EXIT_USAGE, r.exit());
        assertTrue(r.err().startsWith("error: need --nnodes >= 1"), "node_rank 1 of 1 node: " + r.err());
    }
}

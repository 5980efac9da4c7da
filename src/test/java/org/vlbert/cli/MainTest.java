package org.vlbert.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.vlbert.testutil.CliRun.vlbert;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vlbert.config.ConfigLoader;
import org.vlbert.config.Task;
import org.vlbert.config.VlbertConfig;
import org.vlbert.testutil.CliRun;
import org.vlbert.testutil.RepoRoot;
import org.vlbert.testutil.SharedFixtures;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The vlbert CLI run in-process: exit codes, streams, messages, no stack traces without --debug. */
class MainTest {

    private static String demo(String task) {
        return RepoRoot.cfgs().resolve(task).resolve("demo_tiny.yaml").toString();
    }

    @Test
    void versionComesFromTheBuild() {
        CliRun r = vlbert("--version");
        assertEquals(0, r.exit());
        assertTrue(r.out().matches("vlbert \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?\\R"), r.out());
        assertEquals("", r.err());
    }

    @Test
    void helpListsTheCommandsAndExitCodes() {
        CliRun r = vlbert("--help");
        assertEquals(0, r.exit());
        assertTrue(r.out().contains("Usage: vlbert"), r.out());
        assertTrue(r.out().matches("(?s).*\\n  config +Show, validate and list config keys.*"), r.out());
        assertTrue(r.out().contains("Exit codes: 0 ok, 1 runtime error, 2 usage error"), r.out());
        assertEquals(0, vlbert("config", "show", "--help").exit());
    }

    @Test
    void usageErrorsExitWith2AndShowUsage() {
        CliRun none = vlbert();
        assertEquals(2, none.exit());
        assertTrue(none.err().startsWith("error: missing command\nUsage: vlbert"), none.err());

        CliRun unknownOption = vlbert("config", "show", "--cfg", demo("vqa"), "--bogus");
        assertEquals(2, unknownOption.exit());
        assertTrue(unknownOption.err().startsWith("error: Unknown option: '--bogus'\nUsage: vlbert config show"),
                unknownOption.err());

        CliRun typo = vlbert("conifg");
        assertEquals(2, typo.exit());
        assertTrue(typo.err().contains("Did you mean: vlbert config"), typo.err());

        CliRun missingCfg = vlbert("config", "show");
        assertEquals(2, missingCfg.exit());
        assertTrue(missingCfg.err().startsWith("error: Missing required option: '--cfg=FILE'"), missingCfg.err());

        CliRun badTask = vlbert("config", "keys", "--task", "nlvr");
        assertEquals(2, badTask.exit());
        assertTrue(badTask.err().contains("unknown task 'nlvr', expected one of pretrain, vqa, vcr, refcoco"),
                badTask.err());
        assertFalse(badTask.hasStackTrace());
    }

    @Test
    void showPrintsTheResolvedConfigThatLoadsBackEqual(@TempDir Path dir) throws Exception {
        CliRun r = vlbert("config", "show", "--cfg", demo("vqa"), "--set", "TRAIN.LR=1e-4",
                "--set", "NETWORK.VLBERT.num_hidden_layers=3");
        assertEquals(0, r.exit(), r.err());
        assertEquals("", r.err());
        assertTrue(r.out().startsWith("# task: vqa\n# sha256: "), r.out());
        Path dumped = Files.writeString(dir.resolve("dump.yaml"), r.out());
        VlbertConfig back = ConfigLoader.load(dumped, Task.VQA, List.of());
        VlbertConfig expected = ConfigLoader.load(Path.of(demo("vqa")), null,
                List.of("TRAIN.LR=1e-4", "NETWORK.VLBERT.num_hidden_layers=3"));
        assertEquals(expected, back);
        assertTrue(r.out().contains("# sha256: " + expected.hash() + "\n"));
    }

    @Test
    void configErrorsExit1WithoutStackTrace() {
        CliRun r = vlbert("config", "show", "--cfg", demo("vqa"), "--set", "TRAIN.LR=abc", "--set", "TRAIN.WARMUP_STEP=1");
        assertEquals(1, r.exit());
        assertEquals("", r.out());
        assertEquals("error: --set TRAIN.LR=abc: TRAIN.LR must be a number ≥ 0, got 'abc'\n"
                + "error: --set TRAIN.WARMUP_STEP=1: unknown key TRAIN.WARMUP_STEP — did you mean TRAIN.WARMUP_STEPS?\n",
                r.err());

        CliRun missing = vlbert("config", "show", "--cfg", "no/such.yaml");
        assertEquals(1, missing.exit());
        assertEquals("error: no/such.yaml: file not found\n", missing.err());
    }

    @Test
    void debugAddsTheStackTrace() {
        CliRun r = vlbert("--debug", "config", "show", "--cfg", "no/such.yaml");
        assertEquals(1, r.exit());
        assertTrue(r.err().startsWith("error: no/such.yaml: file not found\norg.vlbert.config.ConfigException"), r.err());
        assertTrue(r.err().contains("\tat org.vlbert.config.ConfigLoader"), r.err());
        assertTrue(vlbert("config", "show", "--debug", "--cfg", "no/such.yaml").hasStackTrace(), "--debug after the command");
    }

    @Test
    void validateReportsEveryFileAndFails(@TempDir Path dir) throws Exception {
        Path bad = Files.createDirectories(dir.resolve("vqa")).resolve("bad.yaml");
        Files.writeString(bad, "TRAIN:\n  LR: x\n  OPTIMIZR: SGD\n");
        CliRun r = vlbert("config", "validate", "--cfg", demo("vqa"), bad.toString(), demo("vcr"));
        assertEquals(1, r.exit());
        assertEquals(demo("vqa") + ": ok (task vqa)\n" + demo("vcr") + ": ok (task vcr)\n", r.out());
        assertEquals("error: " + bad + ":2: TRAIN.LR must be a number ≥ 0, got 'x'\n"
                + "error: " + bad + ":3: unknown key TRAIN.OPTIMIZR — did you mean TRAIN.OPTIMIZER?\n", r.err());

        CliRun ok = vlbert("config", "validate", "--cfg", demo("pretrain"), "--cfg", demo("refcoco"));
        assertEquals(0, ok.exit(), ok.err());
        assertEquals("", ok.err());
    }

    @Test
    void unsupportedKeysWarnOncePerKeyOnStderr() {
        String vcr = SharedFixtures.referenceCfgs().resolve("vcr/base_q2a_4x16G_fp32.yaml").toString();
        CliRun r = vlbert("config", "show", "--cfg", vcr, "--set", "NETWORK.BLIND=true");
        assertEquals(0, r.exit(), r.err());
        List<String> lines = r.err().lines().toList();
        assertEquals(2, lines.size(), r.err());
        assertTrue(lines.stream().allMatch(l -> l.startsWith("warning: ")), r.err());
        assertEquals(0, count(r.err(), "NETWORK.IMAGE_NUM_LAYERS"), "the VCR ResNet keys are supported");
        assertEquals(1, count(r.err(), "NETWORK.CNN_LOSS_TOP"));
        assertEquals(1, count(r.err(), "NETWORK.BLIND=true is not supported"));
        assertTrue(r.err().contains("warning: --set NETWORK.BLIND=true: NETWORK.BLIND=true is not supported yet"), r.err());
    }

    @Test
    void keysPrintsATaskTableOrTheMarkdown() {
        CliRun vqa = vlbert("config", "keys", "--task", "vqa");
        assertEquals(0, vqa.exit());
        assertTrue(vqa.out().startsWith("KEY "), vqa.out());
        assertTrue(vqa.out().contains("\nDATASET.BOXES "), vqa.out());
        assertEquals(0, vlbert("config", "keys", "--markdown").exit());
        CliRun neither = vlbert("config", "keys");
        assertEquals(2, neither.exit());
        assertTrue(neither.err().startsWith("error: give --task TASK (or --markdown for all tasks)"), neither.err());
    }

    @Test
    void partialPretrainKeepsTheUsersOverrides(@TempDir Path dir) {
        // config.yaml is written before training starts; the run then stops at the missing data.
        Path out = dir.resolve("run");
        CliRun r = vlbert("train", "--cfg", demo("vqa"), "--out", out.toString(), "--set", "TRAIN.LR=0.125",
                "--set", "DATASET.DATASET_PATH=" + dir.resolve("no-data"), "--partial-pretrain", "base.model");
        assertEquals(1, r.exit(), r.err());
        VlbertConfig written = ConfigLoader.load(out.resolve("config.yaml"));
        assertEquals("base.model", written.network().partialPretrain());
        assertEquals(0.125, written.train().lr());
        assertEquals(dir.resolve("no-data").toString(), written.dataset().datasetPath());
    }

    @Command(name = "boom")
    static final class Boom implements Runnable {
        @Override
        public void run() {
            throw new IllegalStateException("disk on fire");
        }
    }

    @Test
    void unexpectedErrorsExit1WithAHintAtDebug() {
        for (boolean debug : new boolean[] {false, true}) {
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            CommandLine cmd = Main.commandLine(new PrintWriter(out), new PrintWriter(err));
            cmd.addSubcommand(new Boom());
            cmd.setOut(new PrintWriter(out)).setErr(new PrintWriter(err)); // settings reach only added subcommands
            int exit = debug ? cmd.execute("--debug", "boom") : cmd.execute("boom");
            assertEquals(1, exit);
            if (debug) {
                assertTrue(err.toString().startsWith("error: disk on fire\njava.lang.IllegalStateException: disk on fire"),
                        err.toString());
            } else {
                assertEquals("error: disk on fire (run with --debug for the stack trace)\n", err.toString());
            }
        }
    }

    private static int count(String text, String word) {
        return text.split(java.util.regex.Pattern.quote(word), -1).length - 1;
    }
}

package org.vlbert.tasks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.vlbert.data.demo.DemoData;
import org.vlbert.testutil.CliRun;
import org.vlbert.testutil.RepoRoot;

/**
 * {@code vlbert train} on each task's demo config, pointed at a small generated demo dataset: it
 * runs end to end (training, validation, checkpoints) and the task's loss falls — the mean of the
 * last epoch is below the first step's (and, where named, an accuracy rises the same way).
 */
class DemoTrainingTest {
    private static final Pattern STEP = Pattern.compile("Epoch\\[(\\d+)] Batch \\[(\\d+)]");

    @TempDir
    static Path data;

    @TempDir
    Path out;

    @BeforeAll
    static void generate() {
        DemoData.generate(data, new DemoData.Settings(30, 48, 48, 3, 2048, 5), EnumSet.allOf(DemoData.Task.class));
    }

    @ParameterizedTest(name = "{0}/{1} {2}")
    @CsvSource({"vqa, demo_tiny, AnsLoss,", "vcr, demo_tiny, AnsLoss,", "refcoco, demo_tiny, ClsLoss,",
            "pretrain, demo_tiny, MLMLossWVC,", "pretrain, demo_tiny, MLMLossAUX,",
            "pretrain, demo_tiny_captions, MLMLossWVC, MLMAcc"})
    void theDemoConfigTrainsAndItsLossFalls(String task, String config, String lossLogger, String accuracy)
            throws Exception {
        String d = data.toString();
        boolean multitask = config.equals("demo_tiny") && task.equals("pretrain");
        String dataset = multitask ? "DATASET.0." : "DATASET.";
        List<String> args = new ArrayList<>(List.of("train", "--cfg", RepoRoot.cfgs().resolve(task)
                .resolve(config + ".yaml").toString(), "--out", out.toString(), "--threads", "2",
                "--set", dataset + "DATASET_PATH=" + d, "--set", dataset + "ROOT_PATH=" + d,
                "--set", "NETWORK.BERT_MODEL_NAME=" + d, "--set", "TRAIN.END_EPOCH=3", "--set", "LOG_FREQUENT=1"));
        if (task.equals("vqa")) {
            args.addAll(List.of("--set", "DATASET.ANSWER_VOCAB_FILE=" + data.resolve("answers.txt")));
        }
        if (multitask) {
            args.addAll(List.of("--set", "DATASET.1.TRAIN_ANNOTATION_FILE=" + data.resolve("corpus_train.arrow"),
                    "--set", "DATASET.1.VAL_ANNOTATION_FILE=" + data.resolve("corpus_val.arrow")));
        }
        CliRun run = CliRun.vlbert(args.toArray(String[]::new));
        String log = run.out();
        assertEquals(0, run.exit(), run.err() + log);
        assertTrue(log.contains("done: 3 epochs"), log);
        assertTrue(Files.isDirectory(out.resolve("checkpoints")), "checkpoints written");

        LoggedCurve loss = LoggedCurve.of(log, lossLogger);
        assertEquals(2, loss.lastEpoch(), log);
        assertTrue(loss.lastEpochMean() < 0.97 * loss.first(), lossLogger + " first step " + loss.first()
                + ", last epoch mean " + loss.lastEpochMean());
        if (accuracy != null) {
            assertFalse(log.contains("MLMAccAUX"), "caption-only pretraining has no corpus metric");
            LoggedCurve acc = LoggedCurve.of(log, accuracy);
            assertTrue(acc.lastEpochMean() > acc.first() + 0.05, accuracy + " first step " + acc.first()
                    + ", last epoch mean " + acc.lastEpochMean());
        }
    }

    /** A metric's value at the first logged step and its running mean at the last logged step. */
    private record LoggedCurve(double first, double lastEpochMean, int lastEpoch) {
        static LoggedCurve of(String log, String metric) {
            double first = Double.NaN;
            double lastEpochMean = Double.NaN;
            int lastEpoch = -1;
            Pattern value = Pattern.compile("\\b" + metric + "=([0-9.eE+-]+)");
            for (String line : log.split("\\R")) {
                Matcher step = STEP.matcher(line);
                Matcher v = value.matcher(line);
                if (step.find() && v.find()) {
                    double x = Double.parseDouble(v.group(1));
                    int epoch = Integer.parseInt(step.group(1));
                    if (Double.isNaN(first)) {
                        first = x;
                    }
                    if (epoch >= lastEpoch) {
                        lastEpoch = epoch;
                        lastEpochMean = x; // the logger is a running mean over the epoch
                    }
                }
            }
            return new LoggedCurve(first, lastEpochMean, lastEpoch);
        }
    }
}

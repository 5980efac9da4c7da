package org.vlbert.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each kind of config error, with its exact message: where (file:line or --set), which key, what to do. */
class ConfigErrorsTest {
    private static final String SRC = "cfgs/vqa/x.yaml";

    private static List<String> problems(String yaml, Task task, String... overrides) {
        return assertThrows(ConfigException.class,
                () -> ConfigLoader.fromString(yaml, SRC, task, List.of(overrides))).problems();
    }

    private static String problem(String yaml, String... overrides) {
        List<String> problems = problems(yaml, Task.VQA, overrides);
        assertEquals(1, problems.size(), problems.toString());
        return problems.get(0);
    }

    @Test
    void unknownKeySuggestsTheClosestKey() {
        assertEquals(SRC + ":3: unknown key TRAIN.WARMUP_STEP — did you mean TRAIN.WARMUP_STEPS?",
                problem("---\nTRAIN:\n  WARMUP_STEP: 10\n"));
        assertEquals(SRC + ":1: unknown key TRAINING — did you mean TRAIN?", problem("TRAINING:\n  LR: 0.1\n"));
        assertEquals(SRC + ":3: unknown key NETWORK.VLBERT.hiden_size — did you mean NETWORK.VLBERT.hidden_size?",
                problem("NETWORK:\n  VLBERT:\n    hiden_size: 8\n"));
    }

    @Test
    void keyOfAnotherTaskSaysWhichTaskHasIt() {
        assertEquals(SRC + ":2: unknown key DATASET.SEQ_LEN for task vqa (only the pretrain config has it) — did you "
                + "mean DATASET.DATASET?", problem("DATASET:\n  SEQ_LEN: 32\n"));
    }

    @Test
    void wronglyTypedValuesNameKeyAndValue() {
        assertEquals(SRC + ":2: TRAIN.LR must be a number ≥ 0, got 'abc'", problem("TRAIN:\n  LR: abc\n"));
        assertEquals(SRC + ":2: TRAIN.END_EPOCH must be an integer ≥ 0, got 2.5", problem("TRAIN:\n  END_EPOCH: 2.5\n"));
        assertEquals(SRC + ":2: TRAIN.FP16 must be true or false, got 1", problem("TRAIN:\n  FP16: 1\n"));
        assertEquals(SRC + ":1: SCALES[1] must be a positive integer, got 'x'", problem("SCALES: [600, x]\n"));
        assertEquals(SRC + ":1: SCALES must be a list of positive integers, got 600", problem("SCALES: 600\n"));
        assertEquals(SRC + ":2: TRAIN.OPTIMIZER must be one of SGD, Adam, AdamW, got 'adamw' — did you mean AdamW?",
                problem("TRAIN:\n  OPTIMIZER: adamw\n"));
        assertEquals(SRC + ":2: NETWORK.PARTIAL_PRETRAIN must be a string, got null (write '' for an empty string)",
                problem("NETWORK:\n  PARTIAL_PRETRAIN:\n"));
        assertEquals(SRC + ":2: TRAIN.LOSS_LOGGERS[0] must look like 'output_name,DisplayName', got 'ans_loss'",
                problem("TRAIN:\n  LOSS_LOGGERS: [ans_loss]\n"));
        assertEquals(SRC + ":2: TRAIN.LR_STEP must be comma-separated epochs like '14,18', got '14;18'",
                problem("TRAIN:\n  LR_STEP: '14;18'\n"));
        assertEquals(SRC + ":1: TRAIN must be a mapping of keys, got 5", problem("TRAIN: 5\n"));
    }

    @Test
    void datasetListIsOnlyForPretraining() {
        assertEquals(SRC + ":1: DATASET must be a mapping of dataset keys (only pretrain configs may list several "
                + "datasets), got a list", problem("DATASET:\n- DATASET: vqa\n"));
    }

    @Test
    void everyProblemIsReportedInFileOrderThenOverrides() {
        List<String> problems = problems("TRAIN:\n  LR: x\n  WD: y\nNETWORK:\n  BLIND: maybe\n", Task.VQA,
                "TRAIN.MOMENTUM=fast");
        assertEquals(List.of(SRC + ":2: TRAIN.LR must be a number ≥ 0, got 'x'",
                SRC + ":3: TRAIN.WD must be a number ≥ 0, got 'y'",
                SRC + ":5: NETWORK.BLIND must be true or false, got 'maybe'",
                "--set TRAIN.MOMENTUM=fast: TRAIN.MOMENTUM must be a number, got 'fast'"), problems);
    }

    @Test
    void overrideErrorsNameTheOverride() {
        assertEquals("--set TRAIN.LR=abc: TRAIN.LR must be a number ≥ 0, got 'abc'", problem("", "TRAIN.LR=abc"));
        assertEquals("--set TRAIN.WARMUP_STEP=5: unknown key TRAIN.WARMUP_STEP — did you mean TRAIN.WARMUP_STEPS?",
                problem("", "TRAIN.WARMUP_STEP=5"));
        assertEquals("--set SCALES=[600, 1000: malformed YAML: while parsing a flow sequence: expected ',' or ']', "
                + "but got <stream end>", problem("", "SCALES=[600, 1000"));
    }

    @Test
    void badOverrideSyntax() {
        assertEquals("--set TRAINLR: expected KEY=VALUE, e.g. --set TRAIN.LR=1e-4", problem("", "TRAINLR"));
        assertEquals("--set TRAIN..LR=1: 'TRAIN..LR' is not a dotted key path like TRAIN.LR or "
                + "NETWORK.VLBERT.hidden_size", problem("", "TRAIN..LR=1"));
        assertEquals("--set =1: '' is not a dotted key path like TRAIN.LR or NETWORK.VLBERT.hidden_size",
                problem("", "=1"));
        assertEquals("--set TRAIN[0].LR=1: only DATASET can be indexed (a pretraining dataset list)",
                problem("", "TRAIN[0].LR=1"));
    }

    @Test
    void missingFileAndDirectory(@TempDir Path dir) {
        Path missing = dir.resolve("vqa/nope.yaml");
        assertEquals(List.of(missing + ": file not found"),
                assertThrows(ConfigException.class, () -> ConfigLoader.load(missing)).problems());
        assertEquals(List.of(dir + ": is a directory, not a config file"),
                assertThrows(ConfigException.class, () -> ConfigLoader.load(dir)).problems());
    }

    @Test
    void malformedYamlGivesTheLine() {
        assertEquals(SRC + ":3: malformed YAML: while parsing a flow sequence: expected ',' or ']', but got :",
                problem("TRAIN:\n  LR_MULT: [1, 2\n  WD: 3\n"));
        assertEquals(SRC + ":3: malformed YAML: mapping values are not allowed here",
                problem("TRAIN:\n  LR: 1\n   WD: 2\n"));
        assertEquals(SRC + ":2: malformed YAML: while scanning for the next token: found character '\\t(TAB)' that "
                + "cannot start any token. (Do not use \\t(TAB) for indentation)", problem("TRAIN:\n\tLR: 1\n"));
        assertEquals(SRC + ":3: malformed YAML: more than one document (only one config per file)",
                problem("TRAIN: {}\n---\nVAL: {}\n"));
    }

    @Test
    void dottedKeysInFilesAreRefused() {
        assertEquals(SRC + ":1: key 'TRAIN.LR' contains a dot; write TRAIN.LR as nested keys, like the original configs",
                problem("TRAIN.LR: 0.1\n"));
    }

    @Test
    void duplicateKeysAreErrors() {
        assertEquals(SRC + ":3: duplicate key TRAIN.LR (first given on line 2)", problem("TRAIN:\n  LR: 1\n  LR: 2\n"));
    }

    @Test
    void yamlAliasesAreRefused() {
        assertEquals(SRC + ":3: YAML aliases (*lr) are not supported in configs; write the value out",
                problem("TRAIN:\n  LR: &lr 0.1\n  WD: *lr\n"));
    }

    @Test
    void topLevelMustBeAMapping() {
        assertEquals(SRC + ":1: the top level must be a mapping of config keys, got a list", problem("- 1\n- 2\n"));
    }

    @Test
    void crossKeyChecksNameBothKeys() {
        assertEquals(SRC + ":4: NETWORK.VLBERT.hidden_size (100) must be a multiple of "
                + "NETWORK.VLBERT.num_attention_heads (3)",
                problem("NETWORK:\n  VLBERT:\n    hidden_size: 100\n    num_attention_heads: 3\n    visual_size: 100\n"
                        + "  IMAGE_FINAL_DIM: 100\n"));
        assertEquals(SRC + ":2: NETWORK.IMAGE_FINAL_DIM (768) must equal NETWORK.VLBERT.visual_size (512): region "
                + "features are projected to IMAGE_FINAL_DIM and read as visual_size wide",
                problem("NETWORK:\n  IMAGE_FINAL_DIM: 768\n"));
        assertEquals(SRC + ":2: TRAIN.LR_STEP must be non-decreasing, got '18,14'", problem("TRAIN:\n  LR_STEP: '18,14'\n"));
        assertEquals(SRC + ":2: DATASET.CACHE_MODE must be false (the original asserts it)",
                problem("DATASET:\n  CACHE_MODE: true\n"));
        assertEquals(SRC + ":3: NETWORK.VLBERT.object_word_embed_mode must be 2 for task vqa (the original VQA model "
                + "asserts it), got 1", problem("NETWORK:\n  VLBERT:\n    object_word_embed_mode: 1\n"));
    }

    @Test
    void pretrainingBatchListsMustMatchTheDatasetList() {
        String twoDatasets = "DATASET:\n- DATASET: conceptual_captions\n- DATASET: general_corpus\n";
        assertEquals(List.of(SRC + ":5: TRAIN.BATCH_IMAGES has 3 entries but DATASET lists 2 datasets"),
                problems(twoDatasets + "TRAIN:\n  BATCH_IMAGES: [1, 2, 3]\n", Task.PRETRAIN));
        assertEquals(List.of(SRC + ":2: VAL.BATCH_IMAGES is a list, but DATASET is a single dataset: give one batch "
                + "size"), problems("VAL:\n  BATCH_IMAGES: [1, 2]\n", Task.PRETRAIN));
        assertEquals(List.of(SRC + ":4: unknown key DATASET[1].BOXES for task pretrain (only the vqa config has it) — "
                + "did you mean DATASET.TASK?"), problems(twoDatasets.replace("general_corpus", "general_corpus\n  BOXES: '36'"),
                Task.PRETRAIN));
    }

    @Test
    void undetectableTaskAsksForTaskOption(@TempDir Path dir) throws IOException {
        Path file = Files.createDirectories(dir.resolve("mine")).resolve("x.yaml");
        Files.writeString(file, "TRAIN:\n  LR: 0.1\n");
        assertEquals(List.of(file + ": cannot tell which task this config is for: DATASET.DATASET names no known "
                + "dataset and the file is not in a folder named after a task; pass --task pretrain|vqa|vcr|refcoco"),
                assertThrows(ConfigException.class, () -> ConfigLoader.load(file)).problems());
        assertEquals(Task.VCR, ConfigLoader.load(file, Task.VCR, List.of()).task());
    }
}

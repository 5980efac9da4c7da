package org.vlbert.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * Which trained model(s) {@code vlbert val} / {@code vlbert test} evaluate: one model
 * ({@code --cfg --ckpt}) or, for VCR, the Q→A and QA→R pair. A picocli mixin.
 */
final class ModelChoiceOptions {
    @Option(names = "--cfg", paramLabel = "FILE", description = "Config of the model (vqa, refcoco, or one VCR model).")
    Path cfg;

    @Option(names = "--ckpt", paramLabel = "PATH", description = "Checkpoint: a run directory (its -best checkpoint,"
            + " else the newest), a checkpoints/<prefix>-NNNN directory, a .safetensors file or an original .model file.")
    Path ckpt;

    @Option(names = "--a-cfg", paramLabel = "FILE", description = "VCR: config of the Q->A model.")
    Path answerCfg;

    @Option(names = "--a-ckpt", paramLabel = "PATH", description = "VCR: checkpoint of the Q->A model.")
    Path answerCkpt;

    @Option(names = "--r-cfg", paramLabel = "FILE", description = "VCR: config of the QA->R model.")
    Path rationaleCfg;

    @Option(names = "--r-ckpt", paramLabel = "PATH", description = "VCR: checkpoint of the QA->R model.")
    Path rationaleCkpt;

    /** Whether any of the VCR pair options was given. */
    boolean vcrPair() {
        return answerCfg != null || rationaleCfg != null || answerCkpt != null || rationaleCkpt != null;
    }
}

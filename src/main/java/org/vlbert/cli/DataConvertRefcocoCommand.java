package org.vlbert.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.vlbert.data.refcoco.RefcocoConverter;
import org.vlbert.data.text.VocabFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code vlbert data convert-refcoco}: REFER refs pickle + COCO instances (+ detections) → RefCOCO+ Arrow file. */
@Command(name = "convert-refcoco", mixinStandardHelpOptions = true,
        description = "Convert RefCOCO+ (REFER's refs(unc).p, COCO instances.json and optionally the MAttNet "
                + "detections) to a RefCOCO+ Arrow file; expressions are tokenized with --vocab.")
public final class DataConvertRefcocoCommand implements Callable<Integer> {
    @Option(names = "--refs", required = true, paramLabel = "FILE", description = "refs(unc).p")
    Path refs;

    @Option(names = "--instances", required = true, paramLabel = "FILE",
            description = "COCO instances JSON with the images and annotations of the refs.")
    Path instances;

    @Option(names = "--detections", paramLabel = "FILE",
            description = "Detected boxes (res101_coco_minus_refer_notime_dets.json), stored as proposal_boxes.")
    Path detections;

    @Option(names = "--vocab", required = true, paramLabel = "FILE", description = "BERT vocab.txt.")
    Path vocab;

    @Mixin
    DataConvertOptions opts;

    @ParentCommand
    DataCommand parent;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        return DataConversionRunner.run(spec, opts, "convert-refcoco", o -> {
            RefcocoConverter.Settings settings = new RefcocoConverter.Settings(parent.tokenizer(vocab),
                    VocabFiles.describe(vocab));
            return RefcocoConverter.convert(refs, instances, detections, opts.out, settings, o);
        });
    }
}

package org.vlbert.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.vlbert.data.text.VocabFiles;
import org.vlbert.data.vcr.VcrConverter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code vlbert data convert-vcr}: VCR jsonl + per-image metadata → VCR Arrow file. */
@Command(name = "convert-vcr", mixinStandardHelpOptions = true,
        description = "Convert a VCR annotation file (train/val/test.jsonl) and its per-image metadata JSON files "
                + "to a VCR Arrow file; string tokens are tokenized with --vocab, object references are kept.")
public final class DataConvertVcrCommand implements Callable<Integer> {
    @Option(names = "--annotations", required = true, paramLabel = "FILE", description = "train.jsonl, val.jsonl or test.jsonl.")
    Path annotations;

    @Option(names = "--images", required = true, paramLabel = "DIR",
            description = "The vcr1images directory (metadata_fn paths are relative to it).")
    Path images;

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
        return DataConversionRunner.run(spec, opts, "convert-vcr", o -> {
            VcrConverter.Settings settings = new VcrConverter.Settings(images, parent.tokenizer(vocab),
                    VocabFiles.describe(vocab));
            return VcrConverter.convert(annotations, opts.out, settings, o);
        });
    }
}

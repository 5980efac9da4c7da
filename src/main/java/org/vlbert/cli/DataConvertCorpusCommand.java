package org.vlbert.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.vlbert.data.text.TextConverter;
import org.vlbert.data.text.VocabFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code vlbert data convert-corpus}: plain-text corpus files → corpus Arrow file. */
@Command(name = "convert-corpus", mixinStandardHelpOptions = true,
        description = "Convert plain UTF-8 text files (one text unit per line, e.g. bc1g.doc wiki.doc) to a corpus "
                + "Arrow file: one row per non-empty line, with BERT words and WordPieces.")
public final class DataConvertCorpusCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "FILE", description = "Text files, concatenated in the given order.")
    List<Path> inputs;

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
        return DataConversionRunner.run(spec, opts, "convert-corpus", o -> {
            TextConverter.Settings settings = new TextConverter.Settings(parent.tokenizer(vocab), VocabFiles.describe(vocab),
                    null);
            return TextConverter.corpus(inputs, opts.out, settings, o);
        });
    }
}

package org.vlbert.cli;

import java.nio.file.Path;
import org.vlbert.data.DataException;
import org.vlbert.data.text.WordPieceTokenizer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code vlbert data}: converters from the original dataset formats to Arrow files, and the demo
 * dataset generator. The BERT tokenizer is supplied by whoever registers the command (it turns a
 * {@code vocab.txt} into a tokenizer), so converters that tokenize text stay independent of it.
 */
@Command(name = "data", mixinStandardHelpOptions = true,
        description = "Convert the original datasets to Arrow files, or generate a demo dataset.",
        commandListHeading = "%nCommands:%n",
        subcommands = {DataConvertFeaturesCommand.class, DataConvertVqaCommand.class, DataConvertVcrCommand.class,
            DataConvertRefcocoCommand.class, DataConvertCaptionsCommand.class, DataConvertCorpusCommand.class,
            DataDemoCommand.class, DataExportVqaJsonCommand.class})
public final class DataCommand implements Runnable {
    private final WordPieceTokenizer.Factory tokenizers;

    @Spec
    private CommandSpec spec;

    public DataCommand(WordPieceTokenizer.Factory tokenizers) {
        this.tokenizers = tokenizers;
    }

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "missing command (convert-features, convert-vqa, "
                + "convert-vcr, convert-refcoco, convert-captions, convert-corpus, demo or export-vqa-json)");
    }

    /** The tokenizer of {@code vocab}, with load errors as user errors. */
    WordPieceTokenizer tokenizer(Path vocab) {
        try {
            return tokenizers.fromVocab(vocab);
        } catch (DataException e) {
            throw new VlbertException(e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new VlbertException("cannot load the vocabulary " + vocab + ": " + e.getMessage(), e);
        }
    }
}

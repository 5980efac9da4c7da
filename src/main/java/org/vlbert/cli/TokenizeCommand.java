package org.vlbert.cli;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.vlbert.data.tokenizer.BertTokenizer;
import org.vlbert.data.tokenizer.VocabularyException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code vlbert tokenize --vocab FILE}: BERT WordPiece for each stdin line, one JSON object per line. */
@Command(name = "tokenize", mixinStandardHelpOptions = true,
        description = {"Tokenizes each UTF-8 line of stdin exactly like VL-BERT's BertTokenizer (lower-cased "
                + "WordPiece) and writes one JSON object per line to stdout: {\"tokens\":[...],\"ids\":[...]}."})
public final class TokenizeCommand implements Callable<Integer> {
    @Option(names = "--vocab", required = true, paramLabel = "FILE", description = "the model's vocab.txt")
    private Path vocab;

    @Spec
    private CommandSpec spec;

    private final InputStream in;
    private final OutputStream out;

    public TokenizeCommand() {
        this(System.in, System.out);
    }

    /** For tests and embedding: read from {@code in}, write to {@code out}. */
    public TokenizeCommand(InputStream in, OutputStream out) {
        this.in = in;
        this.out = out;
    }

    @Override
    public Integer call() throws IOException {
        PrintWriter err = spec.commandLine().getErr();
        BertTokenizer tokenizer;
        try {
            tokenizer = BertTokenizer.fromVocab(vocab);
        } catch (VocabularyException e) {
            err.println("tokenize: " + e.getMessage());
            return 1;
        }
        var decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, decoder));
        long lineNumber = 0;
        try (JsonGenerator json = new ObjectMapper().getFactory().createGenerator(out, JsonEncoding.UTF8)) {
            json.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            json.setRootValueSeparator(null); // lines are separated by '\n' below, not Jackson's default space
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                lineNumber++;
                List<String> tokens = tokenizer.tokenize(line);
                writeLine(json, tokens, tokenizer.convertTokensToIds(tokens));
                if (!reader.ready()) {
                    json.flush(); // interactive use sees each answer at once; piped input is written in bulk
                }
            }
        } catch (CharacterCodingException e) {
            err.println("tokenize: stdin is not valid UTF-8 (near line " + (lineNumber + 1) + ")");
            return 1;
        }
        out.flush();
        return 0;
    }

    private static void writeLine(JsonGenerator json, List<String> tokens, long[] ids) throws IOException {
        json.writeStartObject();
        json.writeArrayFieldStart("tokens");
        for (String token : tokens) {
            json.writeString(token);
        }
        json.writeEndArray();
        json.writeFieldName("ids");
        json.writeArray(ids, 0, ids.length);
        json.writeEndObject();
        json.writeRaw('\n');
    }
}

package org.vlbert.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;
import org.vlbert.verify.ReferenceVerifier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code vlbert verify-reference}: numerical parity of our graphs with a reference fixture. */
@Command(name = "verify-reference", mixinStandardHelpOptions = true,
        description = {"Builds the task graph from a reference fixture folder's config, loads its checkpoint,"
                + " runs the fixture inputs and prints the max abs / max rel difference of every output,"
                + " loss term and intermediate against the reference arrays.",
                "Exit 0 only if all are within 1e-4 + 1e-4*|ref|."})
public final class VerifyReferenceCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = "--fixtures", required = true, paramLabel = "DIR",
            description = "Fixture folder with manifest.json, e.g. ../shared/fixtures/reference/vqa")
    private Path fixtures;

    @Option(names = "--json", paramLabel = "OUT", description = "Also write the comparison as JSON to OUT.")
    private Path json;

    @Option(names = "--threads", defaultValue = "2", description = "ONNX Runtime intra-op threads (default: ${DEFAULT-VALUE}).")
    private int threads;

    @Override
    public Integer call() throws IOException {
        ReferenceVerifier.Report r = ReferenceVerifier.verify(fixtures, threads);
        PrintWriter out = spec.commandLine().getOut();
        out.printf("fixture %s (task %s, checkpoint %s)%n", r.dir(), r.task(), r.checkpoint().getFileName());
        out.printf("%-36s %-18s %12s %12s  %s%n", "array", "shape", "max_abs", "max_rel", "result");
        for (ReferenceVerifier.Comparison c : r.comparisons()) {
            out.printf("%-36s %-18s %12.3e %12.3e  %s%n", c.name(), Arrays.toString(c.shape()).replace(" ", ""),
                    c.maxAbs(), c.maxRel(), c.pass() ? "ok" : "FAIL" + (c.note().isEmpty() ? "" : " (" + c.note()
                            + ": reference " + Arrays.toString(c.referenceShape()) + ")"));
        }
        r.notes().forEach(n -> out.println("note: " + n));
        long failed = r.comparisons().stream().filter(c -> !c.pass()).count();
        out.printf("%s: %d arrays compared, %d outside 1e-4 + 1e-4*|ref|%n", r.pass() ? "PASS" : "FAIL",
                r.comparisons().size(), failed);
        out.flush();
        if (json != null) {
            writeJson(r);
        }
        return r.pass() ? 0 : 1;
    }

    private void writeJson(ReferenceVerifier.Report r) throws IOException {
        ObjectMapper m = new ObjectMapper();
        ObjectNode root = m.createObjectNode();
        root.put("fixture", r.dir().toString());
        root.put("task", r.task());
        root.put("checkpoint", r.checkpoint().toString());
        root.put("pass", r.pass());
        ArrayNode arrays = root.putArray("arrays");
        for (ReferenceVerifier.Comparison c : r.comparisons()) {
            ObjectNode n = arrays.addObject();
            n.put("name", c.name());
            ArrayNode shape = n.putArray("shape");
            Arrays.stream(c.shape()).forEach(shape::add);
            n.put("max_abs", c.maxAbs());
            n.put("max_rel", c.maxRel());
            n.put("pass", c.pass());
        }
        ArrayNode notes = root.putArray("notes");
        r.notes().forEach(notes::add);
        m.writerWithDefaultPrettyPrinter().writeValue(json.toFile(), root);
    }
}

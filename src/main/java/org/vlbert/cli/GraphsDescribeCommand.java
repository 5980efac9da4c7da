package org.vlbert.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.vlbert.graphs.artifacts.ArtifactException;
import org.vlbert.graphs.artifacts.ArtifactInfo;
import org.vlbert.graphs.artifacts.ArtifactMetadata;
import org.vlbert.graphs.artifacts.ArtifactReader;
import org.vlbert.graphs.artifacts.TensorInfo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code vlbert graphs describe FILE.onnx}: inputs, outputs, parameter count, op histogram, metadata. */
@Command(name = "describe", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Print the inputs, outputs, parameter count, op histogram and metadata of an .onnx file.")
public final class GraphsDescribeCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE.onnx", description = "The model file (external data is not read).")
    private Path file;

    @Option(names = "--json", description = "Print one JSON object instead of text.")
    private boolean json;

    @Override
    public Integer call() {
        ArtifactInfo info;
        try {
            info = ArtifactReader.describe(file);
        } catch (ArtifactException e) {
            throw new VlbertException(e.getMessage(), e);
        }
        PrintWriter o = spec.commandLine().getOut();
        if (json) {
            o.println(toJson(info));
        } else {
            printText(o, info);
        }
        o.flush();
        return Main.EXIT_OK;
    }

    private static void printText(PrintWriter o, ArtifactInfo info) {
        Map<String, String> meta = info.metadata();
        o.printf("file: %s (%s)%n", info.file(), GraphsBuildCommand.bytes(info.fileBytes()));
        o.printf("producer: %s %s, IR version %d, opsets %s%n", info.producer(), info.producerVersion(),
                info.irVersion(), info.opsets());
        if (meta.containsKey(ArtifactMetadata.KIND)) {
            o.printf("artifact: %s of task %s, config hash %s%n", meta.get(ArtifactMetadata.KIND),
                    meta.get(ArtifactMetadata.TASK), meta.get(ArtifactMetadata.CONFIG_HASH));
        }
        printTensors(o, "inputs", info.inputs());
        printTensors(o, "outputs", info.outputs());
        o.printf("parameters: %,d in %d tensors%s%n", info.parameterCount(), info.parameterTensors(),
                info.externalData() ? " (external data)" : "");
        o.printf("nodes: %,d%n", info.nodeCount());
        o.println("op histogram:");
        int width = info.opHistogram().keySet().stream().mapToInt(String::length).max().orElse(0);
        info.opHistogram().forEach((op, n) -> o.printf("  %-" + width + "s %,6d%n", op, n));
        o.printf("metadata keys: %s%n", meta.isEmpty() ? "(none)" : String.join(", ", meta.keySet()));
    }

    private static void printTensors(PrintWriter o, String title, List<TensorInfo> ts) {
        o.printf("%s (%d):%n", title, ts.size());
        int name = ts.stream().mapToInt(t -> t.name().length()).max().orElse(0);
        int shape = ts.stream().mapToInt(t -> t.shapeString().length()).max().orElse(0);
        for (TensorInfo t : ts) {
            o.printf("  %-" + name + "s  %-7s  %-" + shape + "s  %s%n", t.name(), t.dtype(), t.shapeString(), t.role());
        }
    }

    static String toJson(ArtifactInfo info) {
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("file", info.file().toString());
        root.put("file_bytes", info.fileBytes());
        root.put("producer", info.producer());
        root.put("producer_version", info.producerVersion());
        root.put("ir_version", info.irVersion());
        root.put("opsets", info.opsets());
        root.put("inputs", tensors(info.inputs()));
        root.put("outputs", tensors(info.outputs()));
        root.put("parameter_count", info.parameterCount());
        root.put("parameter_tensors", info.parameterTensors());
        root.put("external_data", info.externalData());
        root.put("node_count", info.nodeCount());
        root.put("op_histogram", info.opHistogram());
        Map<String, Object> meta = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : info.metadata().entrySet()) {
            meta.put(e.getKey(), jsonOrText(mapper, e.getValue()));
        }
        root.put("metadata", meta);
        try {
            return mapper.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise the description", e);
        }
    }

    private static List<Object> tensors(List<TensorInfo> ts) {
        List<Object> out = new ArrayList<>();
        for (TensorInfo t : ts) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", t.name());
            m.put("dtype", t.dtype());
            m.put("shape", t.shape());
            m.put("role", t.role());
            out.add(m);
        }
        return out;
    }

    /** Metadata values that hold JSON (the vlbert.* lists) are embedded as JSON, others as strings. */
    private static Object jsonOrText(ObjectMapper mapper, String value) {
        String v = value.strip();
        if (v.startsWith("[") || v.startsWith("{")) {
            try {
                return mapper.readTree(v);
            } catch (JsonProcessingException e) {
                return value;
            }
        }
        return value;
    }
}

package org.vlbert.verify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.vlbert.cli.VlbertException;

/**
 * A reference fixture folder (fixtures/reference/&lt;task&gt;/ or its perturbed/ variant): the
 * manifest, the config, the input arrays, the reference outputs and intermediates, and the
 * checkpoints, as files. Nothing is interpreted beyond locating them.
 */
public record ReferenceFixture(Path dir, String task, Path config, Map<String, Path> inputs,
                               Map<String, Path> references, List<String> illConditioned, List<Path> checkpoints) {

    /** Inputs the original harness fed under another name than the model graph's input. */
    private static final Map<String, String> INPUT_ALIASES = Map.of("standin_box_features", "box_features");

    public static ReferenceFixture open(Path dir) {
        Path manifestFile = dir.resolve("manifest.json");
        if (!Files.isRegularFile(manifestFile)) {
            throw new VlbertException(dir + " is not a reference fixture folder: it has no manifest.json");
        }
        JsonNode m;
        try {
            m = new ObjectMapper().readTree(manifestFile.toFile());
        } catch (IOException e) {
            throw new VlbertException(manifestFile + ": not valid JSON (" + e.getMessage() + ")", e);
        }
        String task = m.path("task").asText("");
        if (task.isEmpty()) {
            throw new VlbertException(manifestFile + ": missing \"task\"");
        }
        Path config = dir.resolve(m.path("config_file").asText("config.yaml")).normalize();
        if (!Files.isRegularFile(config)) {
            throw new VlbertException(manifestFile + ": config file " + config + " does not exist");
        }
        Map<String, Path> inputs = inputs(dir, m.path("inputs"), manifestFile);
        Map<String, Path> refs = new LinkedHashMap<>();
        List<String> ill = new ArrayList<>();
        for (String section : List.of("outputs", "train_mode_outputs", "intermediates")) {
            JsonNode list = m.path(section);
            if (list.isArray()) {
                for (JsonNode o : list) {
                    if (!o.path("file").isTextual()) {
                        continue;
                    }
                    refs.putIfAbsent(o.path("name").asText(), dir.resolve(o.path("file").asText()));
                    if (o.path("ill_conditioned").asBoolean(false)) {
                        ill.add(o.path("name").asText());
                    }
                }
            } else {
                // Variants may abbreviate a section; fall back to the files of the matching folder.
                String folder = section.equals("train_mode_outputs") ? "outputs_train" : section;
                listNpy(dir.resolve(folder)).forEach((k, v) -> refs.putIfAbsent(k, v));
            }
        }
        List<Path> ckpts = new ArrayList<>();
        for (JsonNode c : m.path("checkpoints")) {
            Path p = dir.resolve(c.path("file").asText());
            if (!Files.isRegularFile(p)) {
                throw new VlbertException(manifestFile + ": checkpoint " + p + " does not exist");
            }
            ckpts.add(p);
        }
        if (ckpts.isEmpty()) {
            throw new VlbertException(manifestFile + ": no checkpoints listed");
        }
        return new ReferenceFixture(dir, task, config, inputs, refs, ill, ckpts);
    }

    private static Map<String, Path> inputs(Path dir, JsonNode spec, Path manifestFile) {
        Map<String, Path> out = new LinkedHashMap<>();
        if (spec.isArray()) {
            for (JsonNode i : spec) {
                if (i.path("file").isTextual()) {
                    String name = i.path("name").asText();
                    Path p = dir.resolve(i.path("file").asText());
                    if (!Files.isRegularFile(p)) {
                        throw new VlbertException(manifestFile + ": input " + name + " file " + p + " does not exist");
                    }
                    out.put(INPUT_ALIASES.getOrDefault(name, name), p);
                }
            }
        } else if (spec.isTextual()) {
            // e.g. "../inputs (identical)": every array of that folder, named by file stem.
            Path folder = dir.resolve(spec.asText().trim().split("\\s+")[0]).normalize();
            listNpy(folder).forEach((k, v) -> out.put(INPUT_ALIASES.getOrDefault(k, k), v));
        }
        if (out.isEmpty()) {
            throw new VlbertException(manifestFile + ": no input arrays found");
        }
        return out;
    }

    private static Map<String, Path> listNpy(Path folder) {
        Map<String, Path> out = new LinkedHashMap<>();
        if (!Files.isDirectory(folder)) {
            return out;
        }
        try (Stream<Path> s = Files.list(folder)) {
            s.filter(p -> p.getFileName().toString().endsWith(".npy")).sorted().forEach(p -> {
                String f = p.getFileName().toString();
                out.put(f.substring(0, f.length() - 4), p);
            });
        } catch (IOException e) {
            throw new VlbertException("cannot list " + folder + ": " + e.getMessage(), e);
        }
        return out;
    }
}

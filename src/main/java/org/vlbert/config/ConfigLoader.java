package org.vlbert.config;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/**
 * Loads configs: YAML file (or text) → the task's defaults merged with it → {@code --set}
 * overrides in order → type and cross-key checks → an immutable {@link VlbertConfig}. Every
 * problem found is reported in one {@link ConfigException}; requested but unsupported features
 * end up in {@link VlbertConfig#warnings()}.
 */
public final class ConfigLoader {
    private ConfigLoader() {}

    public static VlbertConfig load(Path file) {
        return load(file, null, List.of());
    }

    /**
     * @param task      the task whose schema applies, or null to detect it from the file
     *                  (DATASET.DATASET, else the {@code cfgs/<task>/} folder)
     * @param overrides {@code KEY=VALUE} strings, applied after the file in order
     */
    public static VlbertConfig load(Path file, Task task, List<String> overrides) {
        String source = file.toString();
        return load(read(file, source), source, file, task, overrides);
    }

    /** Loads YAML text; {@code source} names it in messages. */
    public static VlbertConfig fromString(String yaml, String source, Task task, List<String> overrides) {
        return load(yaml, source, null, task, overrides);
    }

    private static VlbertConfig load(String text, String source, Path file, Task task, List<String> overrides) {
        Problems problems = new Problems();
        RawNode root = YamlReader.read(text, source, problems);
        Task resolvedTask = task != null ? task : TaskDetector.detect(root, file, source);
        ConfigResolver resolver = new ConfigResolver(ConfigSchema.of(resolvedTask), problems);
        resolver.applyFile(root, Origin.file(source));
        for (String override : overrides) {
            try {
                resolver.applyOverride(ConfigOverride.parse(override));
            } catch (ConfigException e) {
                problems.addAll(e);
            }
        }
        problems.throwIfAny();
        VlbertConfig config = resolver.result(source, configName(source));
        ConfigChecks.run(config, resolver.explicitKeys(), problems);
        problems.throwIfAny();
        return config.withWarnings(UnsupportedReport.warnings(config, resolver.explicitKeys()));
    }

    private static String read(Path file, String source) {
        try {
            if (Files.isDirectory(file)) {
                throw new ConfigException(source + ": is a directory, not a config file");
            }
            byte[] bytes = Files.readAllBytes(file);
            return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
        } catch (NoSuchFileException e) {
            throw new ConfigException(source + ": file not found");
        } catch (AccessDeniedException e) {
            throw new ConfigException(source + ": permission denied");
        } catch (CharacterCodingException e) {
            throw new ConfigException(source + ": not UTF-8 text");
        } catch (IOException e) {
            throw new ConfigException(source + ": cannot read: " + e.getMessage());
        }
    }

    private static String configName(String source) {
        String fileName = source.substring(Math.max(source.lastIndexOf('/'), source.lastIndexOf('\\')) + 1);
        return fileName.replaceFirst("\\.(yaml|yml)$", "");
    }
}

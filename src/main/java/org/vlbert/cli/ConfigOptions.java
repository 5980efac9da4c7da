package org.vlbert.cli;

import java.nio.file.Path;
import java.util.List;
import org.vlbert.config.VlbertConfig;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/**
 * {@code --cfg FILE [--set KEY=VALUE]... [--task TASK]}: the config options of every command that
 * runs with one config. Use as a picocli {@code @Mixin} and call {@link #load(CommandSpec)}.
 */
public final class ConfigOptions {

    @Option(names = "--cfg", required = true, paramLabel = "FILE", description = "Config YAML file.")
    private Path cfg;

    @Mixin
    private OverrideOptions overrides;

    public Path file() {
        return cfg;
    }

    /** Loads the config, printing its warnings to the command's error stream. */
    public VlbertConfig load(CommandSpec spec) {
        return overrides.load(cfg, spec.commandLine().getErr());
    }

    /** Loads the config with the command's own overrides applied after the user's (see {@link OverrideOptions}). */
    public VlbertConfig load(CommandSpec spec, List<String> extra) {
        return overrides.load(cfg, extra, spec.commandLine().getErr());
    }
}

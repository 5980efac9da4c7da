package org.vlbert.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.vlbert.config.ConfigException;
import org.vlbert.config.KeyTable;
import org.vlbert.config.Task;
import org.vlbert.config.VlbertConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code vlbert config show|validate|keys}: inspect and check config files. */
@Command(name = "config", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Show, validate and list config keys (YAML files compatible with the original VL-BERT cfgs).",
        commandListHeading = "%nCommands:%n",
        subcommands = {ConfigCommand.Show.class, ConfigCommand.Validate.class, ConfigCommand.Keys.class})
final class ConfigCommand implements Runnable {

    @Spec
    private CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "missing subcommand: show, validate or keys");
    }

    @Command(name = "show", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
            description = "Print the fully resolved config (defaults + file + --set) as YAML.")
    static final class Show implements Runnable {
        @Spec
        private CommandSpec spec;

        @Mixin
        private ConfigOptions config;

        @Override
        public void run() {
            VlbertConfig cfg = config.load(spec);
            PrintWriter out = spec.commandLine().getOut();
            out.println("# task: " + cfg.task());
            out.println("# sha256: " + cfg.hash());
            out.print(cfg.toYaml());
            out.flush();
        }
    }

    @Command(name = "validate", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
            description = {"Check config files: unknown keys, wrong types, inconsistent values.",
                    "Prints every problem; exit code 1 if any file has one."})
    static final class Validate implements Callable<Integer> {
        @Spec
        private CommandSpec spec;

        @Option(names = "--cfg", required = true, arity = "1..*", paramLabel = "FILE",
                description = "Config YAML files.")
        private List<Path> files;

        @Mixin
        private OverrideOptions overrides;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            int failed = 0;
            for (Path file : files) {
                try {
                    VlbertConfig cfg = overrides.load(file, err);
                    out.println(file + ": ok (task " + cfg.task() + ")");
                } catch (ConfigException e) {
                    ErrorReporting.printLines(err, e.getMessage());
                    failed++;
                }
            }
            out.flush();
            err.flush();
            return failed == 0 ? Main.EXIT_OK : Main.EXIT_RUNTIME_ERROR;
        }
    }

    @Command(name = "keys", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
            description = "List the config keys of a task with type, default and support status.")
    static final class Keys implements Runnable {
        @Spec
        private CommandSpec spec;

        @Option(names = "--task", paramLabel = "TASK", converter = TaskConverter.class,
                description = "pretrain, vqa, vcr or refcoco.")
        private Task task;

        @Option(names = "--markdown", description = "All tasks as the Markdown table of docs/config.md.")
        private boolean markdown;

        @Override
        public void run() {
            if (!markdown && task == null) {
                throw new ParameterException(spec.commandLine(), "give --task TASK (or --markdown for all tasks)");
            }
            PrintWriter out = spec.commandLine().getOut();
            out.print(markdown ? KeyTable.markdown() : KeyTable.text(task));
            out.flush();
        }
    }
}

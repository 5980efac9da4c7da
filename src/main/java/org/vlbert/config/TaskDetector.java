package org.vlbert.config;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Decides which task's schema reads a config when no {@code --task} is given. The original picks
 * it by the train script ({@code vqa/train_end2end.py}, ...); here it comes from the dataset
 * named in the file, else from the folder the file is in ({@code cfgs/<task>/}).
 */
final class TaskDetector {
    private TaskDetector() {}

    private static final Map<String, Task> DATASET_TASKS = Map.of(
            "conceptual_captions", Task.PRETRAIN, "coco_captions", Task.PRETRAIN, "general_corpus", Task.PRETRAIN,
            "vqa", Task.VQA, "vcr", Task.VCR, "refcoco+", Task.REFCOCO, "refcoco", Task.REFCOCO,
            "refcocog", Task.REFCOCO);

    static Task detect(RawNode root, Path file, String source) {
        return fromDataset(root)
                .or(() -> fromFolder(file))
                .orElseThrow(() -> new ConfigException(source + ": cannot tell which task this config is for: "
                        + "DATASET.DATASET names no known dataset and the file is not in a folder named after a task; "
                        + "pass --task " + String.join("|", Task.idList().split(", "))));
    }

    private static Optional<Task> fromDataset(RawNode root) {
        if (!(root instanceof RawNode.Mapping mapping)) {
            return Optional.empty();
        }
        for (RawNode.Entry entry : mapping.entries()) {
            if (!entry.key().equals("DATASET")) {
                continue;
            }
            if (entry.value() instanceof RawNode.Sequence) {
                return Optional.of(Task.PRETRAIN); // only pretraining configs list several datasets
            }
            if (entry.value() instanceof RawNode.Mapping dataset) {
                for (RawNode.Entry field : dataset.entries()) {
                    if (field.key().equals("DATASET") && field.value() instanceof RawNode.Scalar s
                            && s.value() != null) {
                        return Optional.ofNullable(DATASET_TASKS.get(s.text()));
                    }
                }
            }
        }
        return Optional.empty();
    }

    private static Optional<Task> fromFolder(Path file) {
        if (file == null) {
            return Optional.empty();
        }
        Path parent = file.toAbsolutePath().normalize().getParent();
        return parent == null || parent.getFileName() == null ? Optional.empty()
                : Task.find(parent.getFileName().toString());
    }
}

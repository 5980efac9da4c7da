package org.vlbert.tasks;

import java.nio.file.Files;
import java.nio.file.Path;
import org.vlbert.cli.VlbertException;
import org.vlbert.config.VlbertConfig;

/** Where the converted Arrow files of a config's datasets live (docs/data-formats.md, "Data layout"). */
public final class DataFiles {
    private DataFiles() {}

    /** {@code <root>/regions_<set>.arrow} if it exists, else the shared {@code <root>/regions.arrow}. */
    public static Path regions(Path root, String set, VlbertConfig cfg) {
        Path own = root.resolve("regions_" + set + ".arrow");
        if (Files.isRegularFile(own)) {
            return own;
        }
        if (set.equals("proposal")) {
            throw new VlbertException("no region features for the RefCOCO+ proposal boxes: expected " + own
                    + " (extract features for the detections with 'vlbert extract-features'), or use gt boxes in "
                    + cfg.source());
        }
        Path shared = root.resolve("regions.arrow");
        if (!Files.isRegularFile(shared)) {
            throw new VlbertException("no region features for image set '" + set + "': expected " + own + " or " + shared
                    + " (create them with 'vlbert data convert-features' or 'vlbert extract-features', or run"
                    + " 'vlbert data demo --out " + root + "'), or fix DATASET.DATASET_PATH in " + cfg.source());
        }
        return shared;
    }

    /** A file that must exist, with a message naming the command that creates it. */
    public static Path require(Path file, String createWith, VlbertConfig cfg) {
        if (!Files.isRegularFile(file)) {
            throw new VlbertException(file + " does not exist: create it with " + createWith
                    + ", or fix the DATASET paths in " + cfg.source());
        }
        return file;
    }

    /**
     * An annotation file named in the config as its converted Arrow file: {@code X.arrow} as given,
     * otherwise {@code <prefix>X-without-extension.arrow} beside it (e.g. train.jsonl → vcr_train.arrow).
     */
    public static Path converted(Path root, String annotationFile, String prefix) {
        Path p = root.resolve(annotationFile);
        String name = p.getFileName().toString();
        if (name.endsWith(".arrow")) {
            return p;
        }
        int dot = name.lastIndexOf('.');
        String stem = dot > 0 ? name.substring(0, dot) : name;
        return p.resolveSibling(prefix + stem + ".arrow");
    }
}

package org.vlbert.export;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * What predict reads back from a package's {@code manifest.json} (the full schema is written by
 * {@link ManifestWriter} and documented in docs/export.md).
 *
 * @param externalData the model's external-data file, or null when the weights are inside model.onnx
 * @param files        every file of the package except the manifest itself, with size and SHA-256
 */
public record Manifest(int formatVersion, String producerVersion, PackageTask task, String modelFile,
                       String externalData, String testDataDir, List<FileEntry> files) {
    public static final String FILE = "manifest.json";
    public static final String FORMAT = "vlbert-inference-package";
    /** The manifest format this version writes and reads. */
    public static final int FORMAT_VERSION = 1;

    /** One file of the package: its path relative to the package root (always with '/'). */
    public record FileEntry(String path, long bytes, String sha256) {}

    public static Manifest read(JsonNode root, String where) {
        if (!FORMAT.equals(root.path("format").asText())) {
            throw new PackageException(where + ": not a vlbert inference package manifest (\"format\" is "
                    + root.path("format") + ", expected \"" + FORMAT + "\")");
        }
        JsonNode v = root.get("format_version");
        if (v == null || !v.canConvertToInt()) {
            throw new PackageException(where + ": missing integer format_version");
        }
        if (v.asInt() != FORMAT_VERSION) {
            throw new PackageException(where + ": package format_version " + v.asInt() + " is not supported by this"
                    + " vlbert (it reads format_version " + FORMAT_VERSION + "); export the package again with this"
                    + " version, or use the vlbert version that wrote it (" + root.path("producer").path("version")
                    .asText("unknown") + ")");
        }
        PackageTask task = PackageTask.parse(PackageConfig.text(root, "task", where), where);
        JsonNode model = root.path("model");
        String modelFile = PackageConfig.text(model, "file", where + " model");
        String external = model.path("external_data").isTextual() ? model.path("external_data").asText() : null;
        List<FileEntry> files = new ArrayList<>();
        JsonNode list = root.get("files");
        if (list == null || !list.isArray() || list.isEmpty()) {
            throw new PackageException(where + ": the \"files\" list (paths, sizes and sha256 checksums) is missing");
        }
        for (JsonNode e : list) {
            String path = PackageConfig.text(e, "path", where + " files[]");
            if (path.startsWith("/") || path.contains("..") || path.contains("\\")) {
                throw new PackageException(where + ": file path '" + path + "' must be relative, inside the package");
            }
            JsonNode bytes = e.get("bytes");
            if (bytes == null || !bytes.canConvertToLong()) {
                throw new PackageException(where + ": file " + path + " has no byte size");
            }
            files.add(new FileEntry(path, bytes.asLong(), PackageConfig.text(e, "sha256", where + " " + path)));
        }
        String testData = root.path("test_data").path("dir").asText(null);
        return new Manifest(v.asInt(), root.path("producer").path("version").asText(""), task, modelFile, external,
                testData, files);
    }
}

package org.vlbert.export;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import org.vlbert.io.FileTrees;

/**
 * An inference package opened for use: a folder, or a zip extracted to a temporary folder that
 * {@link #close} deletes. Opening validates it completely: the manifest's format and version,
 * that every listed file is present with its size and SHA-256, and config.json. Every problem
 * names the file.
 */
public final class InferencePackage implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path source;
    private final Path root;
    private final boolean temporary;
    private final Manifest manifest;
    private final PackageConfig config;

    private InferencePackage(Path source, Path root, boolean temporary) {
        this.source = source;
        this.root = root;
        this.temporary = temporary;
        this.manifest = Manifest.read(readJson(Manifest.FILE), describe(Manifest.FILE));
        verifyFiles();
        this.config = PackageConfig.read(readJson(PackageConfig.FILE), describe(PackageConfig.FILE));
        if (config.task() != manifest.task()) {
            throw new PackageException(describe(PackageConfig.FILE) + " is for task " + config.task().id()
                    + " but the manifest says " + manifest.task().id());
        }
    }

    /** Opens and validates the package folder or zip file at {@code path}. */
    public static InferencePackage open(Path path) {
        if (Files.isDirectory(path)) {
            if (!Files.isRegularFile(path.resolve(Manifest.FILE))) {
                throw new PackageException(path + " is not an inference package: it has no " + Manifest.FILE
                        + " (create one with 'vlbert export')");
            }
            return new InferencePackage(path, path, false);
        }
        if (!Files.isRegularFile(path)) {
            throw new PackageException("package " + path + " does not exist");
        }
        Path dir;
        try {
            dir = Files.createTempDirectory("vlbert-package-");
        } catch (IOException e) {
            throw new PackageException("cannot create a temporary folder to extract " + path + ": " + e.getMessage(), e);
        }
        try {
            extract(path, dir);
            return new InferencePackage(path, dir, true);
        } catch (RuntimeException e) {
            deleteQuietly(dir);
            throw e;
        }
    }

    public Path root() {
        return root;
    }

    public Manifest manifest() {
        return manifest;
    }

    public PackageConfig config() {
        return config;
    }

    public PackageTask task() {
        return manifest.task();
    }

    /** A file of the package by its manifest path. */
    public Path file(String relative) {
        return root.resolve(relative);
    }

    public Path modelFile() {
        return file(manifest.modelFile());
    }

    /** A package file as lines (vocab, answers). */
    public List<String> lines(String relative) {
        try {
            return Files.readAllLines(file(relative), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new PackageException("cannot read " + describe(relative) + ": " + e.getMessage(), e);
        }
    }

    /** "model.onnx of package X" — how errors name a file. */
    public String describe(String relative) {
        return relative + " of package " + source;
    }

    private JsonNode readJson(String relative) {
        Path f = root.resolve(relative);
        if (!Files.isRegularFile(f)) {
            throw new PackageException("package " + source + " is damaged: " + relative + " is missing");
        }
        try {
            return JSON.readTree(f.toFile());
        } catch (IOException e) {
            throw new PackageException(describe(relative) + " is not valid JSON: " + e.getMessage(), e);
        }
    }

    private void verifyFiles() {
        List<String> problems = new ArrayList<>();
        List<String> listed = manifest.files().stream().map(Manifest.FileEntry::path).toList();
        List<String> required = new ArrayList<>(List.of(manifest.modelFile(), PackageConfig.FILE,
                Exporter.VOCAB_FILE));
        if (manifest.externalData() != null) {
            required.add(manifest.externalData());
        }
        if (manifest.task() == PackageTask.VQA) {
            required.add(Exporter.ANSWERS_FILE);
        }
        for (String r : required) {
            if (!listed.contains(r)) {
                problems.add("the manifest does not list " + r);
            }
        }
        for (Manifest.FileEntry e : manifest.files()) {
            Path f = root.resolve(e.path());
            try {
                if (!Files.isRegularFile(f)) {
                    problems.add(e.path() + " is missing");
                } else if (Files.size(f) != e.bytes()) {
                    problems.add(e.path() + " has " + Files.size(f) + " bytes but the manifest says " + e.bytes()
                            + " (truncated or replaced)");
                } else {
                    String sha = Sha256.of(f);
                    if (!sha.equalsIgnoreCase(e.sha256())) {
                        problems.add(e.path() + " has SHA-256 " + sha + " but the manifest says " + e.sha256()
                                + " (modified or corrupted)");
                    }
                }
            } catch (IOException ex) {
                problems.add(e.path() + " cannot be read: " + ex.getMessage());
            }
        }
        if (!problems.isEmpty()) {
            throw new PackageException("package " + source + " is damaged:\n" + String.join("\n", problems)
                    + "\nexport it again or copy it completely");
        }
    }

    private static void extract(Path zip, Path dir) {
        try (ZipFile z = new ZipFile(zip.toFile())) {
            Enumeration<? extends ZipEntry> entries = z.entries();
            while (entries.hasMoreElements()) {
                ZipEntry e = entries.nextElement();
                Path target = dir.resolve(e.getName()).normalize();
                if (!target.startsWith(dir)) {
                    throw new PackageException(zip + ": entry '" + e.getName() + "' points outside the package");
                }
                if (e.isDirectory()) {
                    Files.createDirectories(target);
                    continue;
                }
                Files.createDirectories(target.getParent());
                try (InputStream in = z.getInputStream(e)) {
                    Files.copy(in, target);
                }
            }
        } catch (ZipException e) {
            throw new PackageException(zip + " is not a readable zip file (" + e.getMessage() + "); pass the package"
                    + " folder or the .zip that 'vlbert export --zip' wrote", e);
        } catch (IOException e) {
            throw new PackageException("cannot extract " + zip + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        if (temporary) {
            deleteQuietly(root);
        }
    }

    private static void deleteQuietly(Path dir) {
        try {
            FileTrees.delete(dir);
        } catch (IOException e) {
            // a leftover temporary folder is harmless
        }
    }
}

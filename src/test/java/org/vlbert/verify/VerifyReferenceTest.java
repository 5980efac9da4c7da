package org.vlbert.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.vlbert.graphs.tensor.HostTensor;
import org.vlbert.io.NpyFiles;
import org.vlbert.testutil.CliRun;
import org.vlbert.testutil.SharedFixtures;

/** verify-reference on every reference fixture folder, plus failure detection. */
class VerifyReferenceTest {
    static Stream<Path> fixtureFolders() throws IOException {
        try (Stream<Path> s = Files.walk(SharedFixtures.fixture("reference"))) {
            List<Path> dirs = s.filter(p -> p.getFileName().toString().equals("manifest.json"))
                    .filter(p -> {
                        try {
                            return Files.readString(p).contains("\"checkpoints\"");
                        } catch (IOException e) {
                            throw new IllegalStateException(e);
                        }
                    }).map(Path::getParent).sorted().toList();
            assertTrue(dirs.size() >= 8, "expected the 4 tasks and their perturbed variants, found " + dirs);
            return dirs.stream();
        }
    }

    private static String[] run(String... args) {
        CliRun r = CliRun.vlbert(args);
        return new String[] {Integer.toString(r.exit()), r.out(), r.err()};
    }

    @ParameterizedTest
    @MethodSource("fixtureFolders")
    void everyFixtureFolderPasses(Path dir, @TempDir Path tmp) throws IOException {
        Path json = tmp.resolve("report.json");
        String[] r = run("verify-reference", "--fixtures", dir.toString(), "--json", json.toString());
        assertEquals("0", r[0], r[1] + r[2]);
        assertTrue(r[1].contains("PASS"), r[1]);
        String report = Files.readString(json);
        assertTrue(report.contains("\"pass\" : true") && report.contains("sequence_output"), report);
    }

    @Test
    void aWrongReferenceValueFails(@TempDir Path tmp) throws IOException {
        Path src = SharedFixtures.reference("vqa");
        Path copy = tmp.resolve("vqa");
        try (Stream<Path> s = Files.walk(src)) {
            for (Path p : s.toList()) {
                Path t = copy.resolve(src.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(t);
                } else if (!p.getFileName().toString().startsWith("ckpt_ddp")) {
                    Files.copy(p, t);
                }
            }
        }
        // Keep one checkpoint; shift one logit by 1e-3 (above the 1e-4 + 1e-4|ref| tolerance).
        String manifest = Files.readString(copy.resolve("manifest.json"));
        Files.writeString(copy.resolve("manifest.json"), manifest.replace("\"ckpt_ddp.model\"", "\"ckpt_plain.model\"")
                .replace("\"ckpt_ddp_legacy.model\"", "\"ckpt_plain.model\""));
        Path logits = copy.resolve("outputs/label_logits.npy");
        HostTensor t = NpyFiles.readNpy(logits).copy();
        t.floatView().put(5, t.floatView().get(5) + 1e-3f);
        Files.delete(logits);
        NpyFiles.writeNpy(logits, t);
        String[] r = run("verify-reference", "--fixtures", copy.toString());
        assertEquals("1", r[0], r[1] + r[2]);
        assertTrue(r[1].lines().anyMatch(l -> l.startsWith("label_logits") && l.contains("FAIL")), r[1]);
    }

    @Test
    void aFolderWithoutManifestIsAClearError(@TempDir Path tmp) {
        String[] r = run("verify-reference", "--fixtures", tmp.toString());
        assertEquals("1", r[0]);
        assertTrue(r[2].contains("has no manifest.json"), r[2]);
    }
}

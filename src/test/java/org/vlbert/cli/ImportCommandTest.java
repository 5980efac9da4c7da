package org.vlbert.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vlbert.graphs.tensor.HostTensor;
import org.vlbert.io.Safetensors;
import org.vlbert.io.StateDictImporter;
import org.vlbert.io.TorchCheckpointReader;
import org.vlbert.testutil.SharedFixtures;

class ImportCommandTest {
    private static String[] run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new String[] {Integer.toString(code), out.toString(StandardCharsets.UTF_8),
                err.toString(StandardCharsets.UTF_8)};
    }

    @Test
    void legacyVlbertCheckpointImportsExactly(@TempDir Path tmp) throws Exception {
        Path vqa = SharedFixtures.reference("vqa");
        Path out = tmp.resolve("p.safetensors");
        String[] r = run("import", "--cfg", vqa.resolve("config.yaml").toString(), "--checkpoint",
                vqa.resolve("ckpt_ddp_legacy.model").toString(), "--strict", "--out", out.toString());
        assertEquals("0", r[0], r[1] + r[2]);
        assertTrue(r[1].contains("51 loaded, 0 not provided, 0 ignored"), r[1]);
        Map<String, HostTensor> expected = StateDictImporter.stripPrefix(
                TorchCheckpointReader.readStateDict(vqa.resolve("ckpt_ddp.model")), "module.");
        Map<String, HostTensor> got = Safetensors.read(out).tensors();
        assertEquals(expected.keySet(), got.keySet());
        for (String k : expected.keySet()) {
            assertArrayEquals(expected.get(k).toFloatArray(), got.get(k).toFloatArray(), k);
        }
    }

    @Test
    void bertCheckpointReportsWhatItProvides(@TempDir Path tmp) {
        Path f = SharedFixtures.fixture("reference");
        String[] r = run("import", "--cfg", f.resolve("vqa/config.yaml").toString(), "--checkpoint",
                f.resolve("bert/pytorch_model.bin").toString(), "--as", "bert", "--out",
                tmp.resolve("b.safetensors").toString());
        assertEquals("0", r[0], r[2]);
        assertTrue(r[1].contains("41 loaded, 10 not provided, 6 ignored"), r[1]);
        assertTrue(r[1].contains("vlbert.end_embedding.weight"), r[1]);
    }

    @Test
    void truncatedCheckpointIsAClearError(@TempDir Path tmp) throws Exception {
        Path f = SharedFixtures.reference("vqa");
        byte[] all = Files.readAllBytes(f.resolve("ckpt_plain.model"));
        Path cut = tmp.resolve("cut.model");
        Files.write(cut, java.util.Arrays.copyOf(all, all.length / 2));
        String[] r = run("import", "--cfg", f.resolve("config.yaml").toString(), "--checkpoint", cut.toString(),
                "--out", tmp.resolve("x.safetensors").toString());
        assertEquals("1", r[0]);
        assertTrue(r[2].startsWith("error: ") && r[2].contains("cut.model"), r[2]);
        assertTrue(!Files.exists(tmp.resolve("x.safetensors")));
    }
}

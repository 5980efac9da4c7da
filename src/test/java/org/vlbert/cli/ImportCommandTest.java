package org.vlbert.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.vlbert.testutil.CliRun.vlbert;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vlbert.graphs.tensor.HostTensor;
import org.vlbert.io.Safetensors;
import org.vlbert.io.StateDictImporter;
import org.vlbert.io.TorchCheckpointReader;
import org.vlbert.testutil.CliRun;
import org.vlbert.testutil.SharedFixtures;

class ImportCommandTest {
    @Test
    void legacyVlbertCheckpointImportsExactly(@TempDir Path tmp) throws Exception {
        Path vqa = SharedFixtures.reference("vqa");
        Path out = tmp.resolve("p.safetensors");
        CliRun r = vlbert("import", "--cfg", vqa.resolve("config.yaml").toString(), "--checkpoint",
                vqa.resolve("ckpt_ddp_legacy.model").toString(), "--strict", "--out", out.toString());
        assertEquals(0, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("51 loaded, 0 not provided, 0 ignored"), r.out());
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
        CliRun r = vlbert("import", "--cfg", f.resolve("vqa/config.yaml").toString(), "--checkpoint",
                f.resolve("bert/pytorch_model.bin").toString(), "--as", "bert", "--out",
                tmp.resolve("b.safetensors").toString());
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("41 loaded, 10 not provided, 6 ignored"), r.out());
        assertTrue(r.out().contains("vlbert.end_embedding.weight"), r.out());
    }

    @Test
    void truncatedCheckpointIsAClearError(@TempDir Path tmp) throws Exception {
        Path f = SharedFixtures.reference("vqa");
        byte[] all = Files.readAllBytes(f.resolve("ckpt_plain.model"));
        Path cut = tmp.resolve("cut.model");
        Files.write(cut, java.util.Arrays.copyOf(all, all.length / 2));
        CliRun r = vlbert("import", "--cfg", f.resolve("config.yaml").toString(), "--checkpoint", cut.toString(),
                "--out", tmp.resolve("x.safetensors").toString());
        assertEquals(1, r.exit());
        assertTrue(r.err().startsWith("error: ") && r.err().contains("cut.model"), r.err());
        assertTrue(!Files.exists(tmp.resolve("x.safetensors")));
    }
}

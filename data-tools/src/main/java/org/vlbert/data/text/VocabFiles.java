package org.vlbert.data.text;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.vlbert.data.DataException;

/** Describes a vocab.txt for file metadata: {@code "<name> sha256:<hex>"}. */
public final class VocabFiles {
    private VocabFiles() {}

    public static String describe(Path vocab) {
        try (InputStream in = Files.newInputStream(vocab)) {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 16];
            for (int n = in.read(buf); n > 0; n = in.read(buf)) {
                sha.update(buf, 0, n);
            }
            return vocab.getFileName() + " sha256:" + HexFormat.of().formatHex(sha.digest());
        } catch (IOException e) {
            throw new DataException(vocab + ": cannot read (" + e.getMessage() + ")", e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

package org.vlbert.dist;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;

/** Checks that every rank holds the same value of something that must not differ (e.g. the config). */
public final class Agreement {
    private Agreement() {}

    /**
     * Compares {@code value} with rank 0's on every rank; if any rank differs, every rank throws a
     * {@link CollectiveException} naming the ranks that differ (so the job stops as a whole).
     *
     * @param what what the value is, for the message (e.g. "resolved config (sha256)")
     */
    public static void require(Collective c, String what, String value) {
        if (c.worldSize() == 1) {
            return;
        }
        byte[] mine = sha256(value);
        ByteBuffer rootDigest = ByteBuffer.allocateDirect(mine.length);
        if (c.isRoot()) {
            rootDigest.put(mine).clear();
        }
        c.broadcast(rootDigest, mine.length, 0);
        byte[] root = new byte[mine.length];
        rootDigest.get(root);
        double[] differs = new double[c.worldSize()];
        differs[c.rank()] = MessageDigest.isEqual(root, mine) ? 0 : 1;
        double[] all = c.sum(differs);
        List<Integer> bad = new ArrayList<>();
        for (int r = 0; r < all.length; r++) {
            if (all[r] != 0) {
                bad.add(r);
            }
        }
        if (!bad.isEmpty()) {
            throw new CollectiveException("rank(s) " + bad + " have a different " + what + " than rank 0"
                    + (bad.contains(c.rank()) ? " (this rank: " + value + ")" : "")
                    + "; every worker must run the same command with the same files");
        }
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

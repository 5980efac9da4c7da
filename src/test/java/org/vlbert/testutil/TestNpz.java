package org.vlbert.testutil;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Minimal reader of NumPy {@code .npz} archives (stored or deflated zip) of little-endian float32
 * ({@code '<f4'}) C-order arrays, for tests. Keys are entry names without {@code .npy}.
 */
public final class TestNpz {
    private static final Pattern DESCR = Pattern.compile("'descr':\\s*'([^']*)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order':\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape':\\s*\\(([^)]*)\\)");

    private TestNpz() {}

    /** One array: its shape and its values in C order. */
    public record Array(int[] shape, float[] data) {
        public int size() {
            return data.length;
        }
    }

    /** All arrays of the archive, in archive order. */
    public static Map<String, Array> read(Path npz) throws IOException {
        Map<String, Array> out = new LinkedHashMap<>();
        try (ZipFile zip = new ZipFile(npz.toFile())) {
            Enumeration<? extends ZipEntry> entries = zip.entries();
            while (entries.hasMoreElements()) {
                ZipEntry e = entries.nextElement();
                String name = e.getName();
                if (!name.endsWith(".npy")) {
                    continue;
                }
                try (InputStream in = zip.getInputStream(e)) {
                    out.put(name.substring(0, name.length() - 4), parseNpy(in.readAllBytes(), npz + ":" + name));
                }
            }
        }
        return out;
    }

    /** Parses one {@code .npy} file image. */
    public static Array parseNpy(byte[] bytes, String what) {
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        byte[] magic = new byte[6];
        b.get(magic);
        if (magic[0] != (byte) 0x93 || !new String(magic, 1, 5, StandardCharsets.US_ASCII).equals("NUMPY")) {
            throw new IllegalArgumentException(what + ": not a .npy file");
        }
        int major = b.get() & 0xFF;
        b.get(); // minor
        int headerLen = major == 1 ? (b.getShort() & 0xFFFF) : b.getInt();
        String header = new String(bytes, b.position(), headerLen, StandardCharsets.ISO_8859_1);
        b.position(b.position() + headerLen);
        String descr = group(DESCR, header, what);
        if (!descr.equals("<f4")) {
            throw new IllegalArgumentException(what + ": dtype " + descr + " unsupported (only <f4)");
        }
        if (group(FORTRAN, header, what).equals("True")) {
            throw new IllegalArgumentException(what + ": Fortran order unsupported");
        }
        int[] shape = Arrays.stream(group(SHAPE, header, what).split(","))
                .map(String::trim).filter(s -> !s.isEmpty()).mapToInt(Integer::parseInt).toArray();
        long n = 1;
        for (int d : shape) {
            n *= d;
        }
        if (b.remaining() != n * 4) {
            throw new IllegalArgumentException(what + ": expected " + n * 4 + " data bytes, found " + b.remaining());
        }
        float[] data = new float[(int) n];
        b.asFloatBuffer().get(data);
        return new Array(shape, data);
    }

    private static String group(Pattern p, String header, String what) {
        Matcher m = p.matcher(header);
        if (!m.find()) {
            throw new IllegalArgumentException(what + ": malformed header " + header);
        }
        return m.group(1);
    }
}

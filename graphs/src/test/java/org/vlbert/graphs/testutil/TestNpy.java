package org.vlbert.graphs.testutil;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.vlbert.graphs.tensor.DType;
import org.vlbert.graphs.tensor.HostTensor;

/** Minimal .npy reader for graphs-module tests (little-endian, C order). */
public final class TestNpy {
    private static final Pattern DESCR = Pattern.compile("'descr':\\s*'([^']+)'");
    private static final Pattern SHAPE = Pattern.compile("'shape':\\s*\\(([^)]*)\\)");

    private TestNpy() {}

    public static HostTensor read(Path p) throws IOException {
        byte[] all = Files.readAllBytes(p);
        ByteBuffer bb = ByteBuffer.wrap(all).order(ByteOrder.LITTLE_ENDIAN);
        int major = all[6];
        int headerLen = major == 1 ? (bb.getShort(8) & 0xffff) : bb.getInt(8);
        int start = major == 1 ? 10 : 12;
        String header = new String(all, start, headerLen, StandardCharsets.ISO_8859_1);
        Matcher d = DESCR.matcher(header);
        Matcher s = SHAPE.matcher(header);
        if (!d.find() || !s.find()) {
            throw new IOException("bad npy header in " + p);
        }
        DType dt = switch (d.group(1)) {
            case "<f4" -> DType.FLOAT;
            case "<i8" -> DType.INT64;
            case "|u1" -> DType.UINT8;
            case "|b1" -> DType.BOOL;
            case "<i4" -> DType.INT32;
            default -> throw new IOException("unsupported dtype " + d.group(1) + " in " + p);
        };
        String[] parts = s.group(1).split(",");
        long[] shape = java.util.Arrays.stream(parts).map(String::trim).filter(x -> !x.isEmpty())
                .mapToLong(Long::parseLong).toArray();
        ByteBuffer data = HostTensor.allocateDirect(all.length - start - headerLen);
        data.put(all, start + headerLen, all.length - start - headerLen).clear();
        return new HostTensor(dt, shape, data);
    }
}

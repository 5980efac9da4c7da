package org.vlbert.export;

import ai.onnx.proto.OnnxMl;
import com.google.protobuf.CodedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.vlbert.graphs.onnx.OnnxEmitter;
import org.vlbert.graphs.tensor.DType;
import org.vlbert.graphs.tensor.HostTensor;

/**
 * Named tensors as serialised ONNX {@code TensorProto} files ({@code input_0.pb}, {@code output_0.pb}),
 * the self-test convention of the ONNX model zoo and of ONNX Runtime's {@code onnx_test_runner}:
 * name = graph input/output name, dims, data_type and little-endian {@code raw_data}.
 */
public final class TensorProtoFiles {
    private TensorProtoFiles() {}

    /** A named tensor read from or written to a .pb file. */
    public record Named(String name, HostTensor tensor) {}

    public static void write(Path file, String name, HostTensor t) throws IOException {
        Files.write(file, OnnxEmitter.tensor(name, t).toByteArray());
    }

    public static Named read(Path file) throws IOException {
        OnnxMl.TensorProto p;
        try (InputStream in = Files.newInputStream(file)) {
            CodedInputStream cin = CodedInputStream.newInstance(in);
            cin.setSizeLimit(Integer.MAX_VALUE);
            p = OnnxMl.TensorProto.parseFrom(cin);
        }
        return new Named(p.getName(), toHost(file, p));
    }

    private static HostTensor toHost(Path file, OnnxMl.TensorProto p) {
        DType dtype;
        try {
            dtype = DType.fromOnnxCode(p.getDataType());
        } catch (IllegalArgumentException e) {
            throw new PackageException(file + ": " + e.getMessage());
        }
        long[] shape = p.getDimsList().stream().mapToLong(Long::longValue).toArray();
        long bytes = HostTensor.numel(shape) * dtype.byteSize();
        if (p.getRawData().size() != bytes) {
            throw new PackageException(file + ": tensor '" + p.getName() + "' holds " + p.getRawData().size()
                    + " bytes of raw_data but its shape and type need " + bytes + " (only raw_data is read)");
        }
        ByteBuffer buf = HostTensor.allocateDirect(bytes);
        ByteBuffer src = p.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
        buf.put(src).clear();
        return new HostTensor(dtype, shape, buf);
    }
}

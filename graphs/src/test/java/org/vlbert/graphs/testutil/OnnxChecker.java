package org.vlbert.graphs.testutil;

import ai.onnx.proto.OnnxMl;
import java.nio.file.Path;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.onnx.ModelProto;
import org.bytedeco.onnx.global.onnx;

/**
 * Runs the official ONNX checker (bytedeco's build of onnx 1.17) on an emitted model, with
 * full_check: the structural checks plus strict shape and type inference. Test-only.
 */
public final class OnnxChecker {
    static {
        // JavaCPP unpacks its native libraries into ~/.javacpp/cache unless told otherwise; keep
        // them in the build directory (the tests run with the module as working directory).
        if (System.getProperty("org.bytedeco.javacpp.cachedir") == null) {
            System.setProperty("org.bytedeco.javacpp.cachedir",
                    Path.of("target", "javacpp-cache").toAbsolutePath().toString());
        }
    }

    private OnnxChecker() {}

    /** Throws AssertionError with the checker's message when the model is invalid. */
    public static void check(OnnxMl.ModelProto model) {
        byte[] bytes = model.toByteArray();
        ModelProto parsed = new ModelProto();
        try (BytePointer data = new BytePointer(bytes)) {
            if (!onnx.ParseProtoFromBytes(parsed, data, bytes.length)) {
                throw new AssertionError("the ONNX library could not parse the emitted model ("
                        + bytes.length + " bytes)");
            }
            onnx.check_model(parsed, true, false, false);
        } catch (RuntimeException e) {
            throw new AssertionError("ONNX checker rejected the model: " + e.getMessage(), e);
        } finally {
            parsed.close();
        }
    }
}

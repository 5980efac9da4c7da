package org.vlbert.runtime;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtProvider;
import ai.onnxruntime.OrtSession;
import org.vlbert.cli.VlbertException;

/** Creates ORT sessions with the project's settings (threads, optimisation level, device). */
public final class OrtSessions {
    private OrtSessions() {}

    /** Execution settings shared by every session of a run. */
    public record Settings(int intraOpThreads, Device device, boolean optimize) {
        public static Settings cpu(int threads) {
            return new Settings(threads, Device.cpu(), true);
        }
    }

    /** cpu, or cuda:N. */
    public record Device(boolean cuda, int index) {
        public static Device cpu() {
            return new Device(false, 0);
        }

        public static Device parse(String s) {
            if (s == null || s.equals("cpu")) {
                return cpu();
            }
            if (s.equals("cuda")) {
                return new Device(true, 0);
            }
            if (s.startsWith("cuda:")) {
                try {
                    return new Device(true, Integer.parseInt(s.substring(5)));
                } catch (NumberFormatException e) {
                    throw new VlbertException("bad device '" + s + "': use cpu, cuda or cuda:N");
                }
            }
            throw new VlbertException("bad device '" + s + "': use cpu, cuda or cuda:N");
        }

        @Override
        public String toString() {
            return cuda ? "cuda:" + index : "cpu";
        }
    }

    public static OrtSession create(byte[] model, Settings settings) {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions opts = options(settings)) {
            return env.createSession(model, opts);
        } catch (OrtException e) {
            throw new VlbertException("ONNX Runtime could not load the model: " + e.getMessage(), e);
        }
    }

    public static OrtSession create(String modelPath, Settings settings) {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions opts = options(settings)) {
            return env.createSession(modelPath, opts);
        } catch (OrtException e) {
            throw new VlbertException("ONNX Runtime could not load " + modelPath + ": " + e.getMessage(), e);
        }
    }

    private static OrtSession.SessionOptions options(Settings s) throws OrtException {
        OrtSession.SessionOptions opts = new OrtSession.SessionOptions();
        opts.setIntraOpNumThreads(Math.max(1, s.intraOpThreads()));
        opts.setInterOpNumThreads(1);
        opts.setOptimizationLevel(s.optimize() ? OrtSession.SessionOptions.OptLevel.ALL_OPT
                : OrtSession.SessionOptions.OptLevel.BASIC_OPT);
        if (s.device().cuda()) {
            if (!OrtEnvironment.getAvailableProviders().contains(OrtProvider.CUDA)) {
                opts.close();
                throw new VlbertException("device " + s.device() + " was requested but this ONNX Runtime build has no"
                        + " CUDA execution provider; use the com.microsoft.onnxruntime:onnxruntime_gpu artifact (CUDA 12"
                        + " and cuDNN 9 libraries must be installed) or run with --device cpu");
            }
            try {
                opts.addCUDA(s.device().index());
            } catch (OrtException e) {
                opts.close();
                throw new VlbertException("cannot start the CUDA execution provider on " + s.device() + ": "
                        + e.getMessage() + " (are the CUDA 12 / cuDNN 9 libraries on the library path?)", e);
            }
        }
        return opts;
    }
}

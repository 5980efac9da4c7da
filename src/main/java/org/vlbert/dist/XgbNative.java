package org.vlbert.dist;

import ml.dmlc.xgboost4j.java.Communicator;
import ml.dmlc.xgboost4j.java.DirectAllreduce;
import ml.dmlc.xgboost4j.java.XGBoostJNI;
import java.nio.ByteBuffer;

/**
 * The XGBoost native calls the engine uses, each with its return code checked: a non-zero code
 * becomes a {@link CollectiveException} carrying XGBoost's last error message (thread-local on the
 * native side, so it is read on the thread that made the call).
 */
final class XgbNative {
    static final int FLOAT32 = Communicator.DataType.FLOAT32.getEnumOp();
    static final int FLOAT64 = Communicator.DataType.FLOAT64.getEnumOp();
    static final int UINT8 = Communicator.DataType.UINT8.getEnumOp();
    static final int SUM = Communicator.OpType.SUM.getOperand();

    private XgbNative() {}

    static void check(int code, String what) {
        if (code != 0) {
            throw new CollectiveException(what + " failed: " + readable(XGBoostJNI.XGBGetLastError()));
        }
    }

    /**
     * XGBoost's error text without its native stack trace and source-location prefixes, e.g.
     * "Failed to bootstrap the communication group.; Failed to recv string length.".
     */
    static String readable(String nativeMessage) {
        if (nativeMessage == null || nativeMessage.isBlank()) {
            return "no message from XGBoost";
        }
        String text = nativeMessage;
        int trace = text.indexOf("Stack trace:");
        if (trace >= 0) {
            text = text.substring(0, trace);
        }
        StringBuilder out = new StringBuilder();
        for (String line : text.split("\n")) {
            String l = line.strip();
            if (l.startsWith("- ")) {
                l = l.substring(2);
            }
            // "[12:00:01] /src/x.cc:83: " and "[comm.cc:284|12:00:01]: " locate the error in XGBoost's sources
            l = l.replaceAll("^(\\[[^\\]]*\\]:?\\s*)?(\\S+\\.(cc|h):\\d+:\\s*)?", "")
                    .replaceAll("^\\[[^\\]]*\\]:?\\s*", "").strip();
            if (!l.isEmpty()) {
                out.append(out.length() == 0 ? "" : " ").append(l);
            }
        }
        return out.length() == 0 ? nativeMessage.strip() : out.toString();
    }

    static void init(String jsonConfig) {
        check(XGBoostJNI.CommunicatorInit(jsonConfig), "joining the job (communicator init)");
    }

    static void finish() {
        check(XGBoostJNI.CommunicatorFinalize(), "leaving the job (communicator finalize)");
    }

    static int rank() {
        int[] out = new int[1];
        check(XGBoostJNI.CommunicatorGetRank(out), "reading the rank");
        return out[0];
    }

    static int worldSize() {
        int[] out = new int[1];
        check(XGBoostJNI.CommunicatorGetWorldSize(out), "reading the world size");
        return out[0];
    }

    /** In-place all-reduce of {@code count} elements at the buffer's address (pass a slice). */
    static void allReduce(ByteBuffer slice, int count, int dtype, String what) {
        check(DirectAllreduce.allreduce(slice, count, dtype, SUM), what);
    }

    static long trackerCreate(String host, int workers, int port, int sortBy, long timeoutSec) {
        long[] out = new long[1];
        check(XGBoostJNI.TrackerCreate(host, workers, port, sortBy, timeoutSec, out),
                "creating the rendezvous tracker on " + host + ":" + port);
        return out[0];
    }

    /** The port the tracker listens on (it was created with port 0: the system's choice). */
    static int trackerPort(long handle) {
        String[] out = new String[1];
        check(XGBoostJNI.TrackerWorkerArgs(handle, 0, out), "reading the tracker's address");
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().readTree(out[0]).path("dmlc_tracker_port")
                    .asInt(-1);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new CollectiveException("the tracker's address is not JSON: " + out[0]);
        }
    }

    static void trackerRun(long handle) {
        check(XGBoostJNI.TrackerRun(handle), "starting the rendezvous tracker");
    }

    static void trackerWaitFor(long handle, long timeoutSec) {
        check(XGBoostJNI.TrackerWaitFor(handle, timeoutSec), "waiting for the workers to leave the tracker");
    }

    static void trackerFree(long handle) {
        check(XGBoostJNI.TrackerFree(handle), "stopping the rendezvous tracker");
    }
}

package ml.dmlc.xgboost4j.java;

import java.nio.ByteBuffer;

/**
 * Access to XGBoost's package-private native all-reduce on a caller's direct buffer. The public
 * {@code Communicator.allReduce(float[])} copies the data twice and drops the native return code;
 * this shim (same package, class path only) returns the code so the caller can check it.
 */
public final class DirectAllreduce {
    private DirectAllreduce() {}

    /**
     * In-place all-reduce of {@code count} elements starting at the buffer's <em>address</em> (its
     * position is ignored by the native side: pass a slice). Returns 0 on success.
     */
    public static int allreduce(ByteBuffer buffer, int count, int dtype, int op) {
        return XGBoostJNI.CommunicatorAllreduce(buffer, count, dtype, op);
    }
}

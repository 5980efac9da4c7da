package org.vlbert.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class XgbNativeTest {
    @Test
    void errorTextLosesTheNativeStackTraceAndSourceLocations() {
        String nativeText = """
                [00:05:01] /workspace/src/collective/result.cc:83: [comm.cc:284|00:05:01]:\s

                - [comm.cc:284|00:05:01]: Failed to bootstrap the communication group.
                - [socket.cc:100|00:05:01]: Failed to recv string length.
                Stack trace:
                  [bt] (0) /tmp/libxgboost4j.so(dmlc::LogMessageFatal::~LogMessageFatal()+0x6e) [0x7fe2f8a2559e]
                """;
        assertEquals("Failed to bootstrap the communication group. Failed to recv string length.",
                XgbNative.readable(nativeText));
        assertEquals("no message from XGBoost", XgbNative.readable(""));
        assertEquals("plain", XgbNative.readable("plain"));
    }
}

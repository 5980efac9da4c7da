package org.vlbert.train.schedule;

/** A user-facing error in the learning-rate schedule configuration or saved schedule state. */
public final class ScheduleException extends RuntimeException {
    public ScheduleException(String message) {
        super(message);
    }
}

package org.vlbert.dist;

/** A collective operation did not complete in time: the watchdog's verdict on a hung or stopped peer. */
public final class CollectiveTimeoutException extends CollectiveException {
    private static final long serialVersionUID = 1L;

    public CollectiveTimeoutException(String message) {
        super(message);
    }
}

package org.vlbert.dist;

import org.vlbert.cli.VlbertException;

/** A collective operation or the rendezvous failed (a peer died, refused, or the engine reported an error). */
public class CollectiveException extends VlbertException {
    private static final long serialVersionUID = 1L;

    public CollectiveException(String message) {
        super(message);
    }

    public CollectiveException(String message, Throwable cause) {
        super(message, cause);
    }
}

package org.vlbert.export;

import org.vlbert.cli.VlbertException;

/** An export package cannot be written, or a package given to predict is damaged or unsupported. */
public class PackageException extends VlbertException {
    private static final long serialVersionUID = 1L;

    public PackageException(String message) {
        super(message);
    }

    public PackageException(String message, Throwable cause) {
        super(message, cause);
    }
}

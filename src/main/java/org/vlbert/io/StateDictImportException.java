package org.vlbert.io;

/** Importing a state dict into a model failed: shapes differ or a group the reference loads strictly is incomplete. */
public class StateDictImportException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public StateDictImportException(String message) {
        super(message);
    }
}

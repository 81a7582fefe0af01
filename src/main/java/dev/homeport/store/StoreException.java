package dev.homeport.store;

/** An unexpected database failure (I/O, corrupt file, lost connection). Callers map it to a 500. */
public class StoreException extends RuntimeException {
    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}

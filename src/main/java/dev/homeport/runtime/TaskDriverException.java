package dev.homeport.runtime;

/** The backend failed (engine unreachable, unexpected API error). Unchecked: callers can't fix it locally. */
public class TaskDriverException extends RuntimeException {

    public TaskDriverException(String message, Throwable cause) {
        super(message, cause);
    }

    public TaskDriverException(String message) {
        super(message);
    }
}

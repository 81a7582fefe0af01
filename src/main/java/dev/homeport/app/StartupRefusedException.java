package dev.homeport.app;

/**
 * Homeport will not start as configured, for a reason the operator must act on; the message says what and how.
 * {@link Main} prints it alone, without a stack trace.
 */
public final class StartupRefusedException extends RuntimeException {
    public StartupRefusedException(String message) {
        super(message);
    }
}

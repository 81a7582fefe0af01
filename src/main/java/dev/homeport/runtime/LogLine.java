package dev.homeport.runtime;

import java.time.Instant;

/**
 * One line a container wrote, without its trailing newline.
 *
 * @param timestamp when the runtime received it (Docker's log timestamp, or the driver's clock)
 * @param stream    which stream it came from
 * @param message   the text (UTF-8 decoded)
 */
public record LogLine(Instant timestamp, Stream stream, String message) {

    public enum Stream { STDOUT, STDERR }
}

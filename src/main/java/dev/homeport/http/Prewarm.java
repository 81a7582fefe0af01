package dev.homeport.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.homeport.protocol.sigv4.SigV4Verifier;
import io.helidon.service.registry.GlobalServiceRegistry;

/**
 * Start-up work that needs no configuration, begun on its own thread before the command line is
 * parsed, so that it overlaps picocli (a quarter of a second) instead of following it.
 *
 * <p>It only initializes what {@link Homeport} or the first request would initialize anyway: Helidon's
 * global service registry (most of building the web server), Jackson's static state (date formats,
 * introspection), SQLite's native library, and the JDK's HMAC, SHA-256 and date formats of the
 * signature check ({@link SigV4Verifier#warmUp}). Class and registry initialization is thread-safe: if
 * {@link Homeport} gets there first or meanwhile, it waits for the same initialization or finds it
 * done, never does it twice. A failure here is ignored: the same step fails again where it is really
 * needed, with its proper error.
 */
public final class Prewarm {
    private Prewarm() {
    }

    public static void start() {
        Thread.ofPlatform().name("homeport-prewarm").daemon().start(() -> {
            try {
                GlobalServiceRegistry.registry();
                new ObjectMapper();
                org.sqlite.SQLiteJDBCLoader.initialize();
                SigV4Verifier.warmUp();
            } catch (Exception | LinkageError e) {
                // see above: the real start-up reports it
            }
        });
    }
}

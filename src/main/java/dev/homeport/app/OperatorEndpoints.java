package dev.homeport.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.homeport.protocol.HttpRoute;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Supplier;

/**
 * Homeport's operator endpoints, {@code /_homeport/keys/rotation}: {@code POST} starts a master-key rotation,
 * {@code GET} tells how far it is ({@code homeport keys rotate} does both).
 *
 * <p>Rotating the server's key is the operator's act, not any account's: no access key of the credentials file may
 * do it (each is one account's root user). The operator is whoever can read the data directory, where the keyset
 * lives already: at every start the server writes a new random token to {@code operator-token} there (0600), and
 * these endpoints want it as {@code Authorization: Bearer <token>}. Process tasks never see the data directory
 * (the sandbox hides it) and Docker tasks do not mount it.
 */
final class OperatorEndpoints {
    static final String TOKEN_FILE = "operator-token";
    static final String ROTATION_PATH = "/_homeport/keys/rotation";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final byte[] token;
    private final Supplier<KeyRotation> rotation;

    private OperatorEndpoints(byte[] token, Supplier<KeyRotation> rotation) {
        this.token = token;
        this.rotation = rotation;
    }

    /** Makes a new token and writes it to the data directory, readable by its owner only. */
    static OperatorEndpoints create(Path dataDir, Supplier<KeyRotation> rotation) {
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        String token = HexFormat.of().formatHex(random);
        Path file = dataDir.resolve(TOKEN_FILE);
        try {
            Path tmp = Files.createTempFile(dataDir, TOKEN_FILE, ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(tmp, token + "\n");
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the operator token " + file, e);
        }
        return new OperatorEndpoints(token.getBytes(StandardCharsets.UTF_8), rotation);
    }

    List<HttpRoute> routes() {
        return List.of(
                new HttpRoute(HttpRoute.Method.POST, ROTATION_PATH, request -> operator(request, () -> {
                    try {
                        return HttpRoute.Reply.json(202, status(rotation.get().start()));
                    } catch (KeyRotation.RefusedException e) {
                        return message(409, e.getMessage());
                    }
                })),
                new HttpRoute(HttpRoute.Method.GET, ROTATION_PATH,
                        request -> operator(request, () -> HttpRoute.Reply.json(200, status(rotation.get().status())))));
    }

    private HttpRoute.Reply operator(HttpRoute.Request request, Supplier<HttpRoute.Reply> action) {
        String authorization = request.header("Authorization");
        if (authorization == null || !authorization.startsWith("Bearer ")) {
            return message(401, "This endpoint is the operator's: send the token in " + TOKEN_FILE
                    + " of the server's data directory as 'Authorization: Bearer <token>' (homeport keys rotate does).");
        }
        byte[] given = authorization.substring("Bearer ".length()).strip().getBytes(StandardCharsets.UTF_8);
        if (!MessageDigest.isEqual(token, given)) {
            return message(403, "The operator token is not the one this server wrote to " + TOKEN_FILE
                    + " when it started.");
        }
        if (rotation.get() == null) {
            return message(503, "Homeport is still starting.");
        }
        return action.get();
    }

    private static String status(KeyRotation.Status s) {
        ObjectNode doc = JSON.createObjectNode();
        doc.put("state", s.state().name());
        doc.put("primaryKeyId", Long.toUnsignedString(s.primaryKeyId()));
        doc.put("total", s.total());
        doc.put("examined", s.examined());
        doc.put("resealed", s.resealed());
        doc.put("unreadable", s.unreadable());
        if (s.startedAt() != null) {
            doc.put("startedAt", s.startedAt().toString());
        }
        if (s.finishedAt() != null) {
            doc.put("finishedAt", s.finishedAt().toString());
        }
        if (s.error() != null) {
            doc.put("error", s.error());
        }
        return doc.toString();
    }

    private static HttpRoute.Reply message(int status, String message) {
        return HttpRoute.Reply.json(status, JSON.createObjectNode().put("message", message).toString());
    }
}

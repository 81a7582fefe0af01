package dev.homeport.secretsmanager;

import dev.homeport.testing.HomeportServer;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.CreateSecretResponse;

import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * One in-process Homeport per test class, reached through the AWS SDK for Java v2 over real HTTP.
 * Every test makes its own secrets with {@link #uniqueName}, so tests don't depend on each other's
 * leftovers.
 */
abstract class SecretsManagerTestBase {
    static final String ACCOUNT = "000000000000";
    static final String REGION = "us-east-1";
    static final String CURRENT = "AWSCURRENT";
    static final String PREVIOUS = "AWSPREVIOUS";
    static final String PENDING = "AWSPENDING";
    static final String NOT_FOUND = "Secrets Manager can't find the specified secret.";
    static final String MARKED_FOR_DELETION =
            "You can't perform this operation on the secret because it was marked for deletion.";

    private static final AtomicInteger COUNTER = new AtomicInteger();

    static HomeportServer server;
    static SecretsManagerClient sm;

    @BeforeAll
    static void startServer() {
        server = HomeportServer.start();
        sm = server.client(SecretsManagerClient.builder());
    }

    @AfterAll
    static void stopServer() {
        if (sm != null) {
            sm.close();
        }
        if (server != null) {
            server.close();
        }
    }

    /** A secret name no other test uses: the prefix, a counter and a random part. */
    static String uniqueName(String prefix) {
        return prefix + "-" + COUNTER.incrementAndGet() + "-"
                + UUID.randomUUID().toString().substring(0, 8).toLowerCase(Locale.ROOT);
    }

    /** A ClientRequestToken (32–64 chars), also the version id it creates. */
    static String token() {
        return UUID.randomUUID().toString();
    }

    static CreateSecretResponse createString(String name, String value) {
        return sm.createSecret(b -> b.name(name).secretString(value));
    }

    static CreateSecretResponse createBinary(String name, byte[] value) {
        return sm.createSecret(b -> b.name(name).secretBinary(SdkBytes.fromByteArray(value)));
    }

    static String currentValue(String secretId) {
        return sm.getSecretValue(b -> b.secretId(secretId)).secretString();
    }

    /** Retries {@code check} until it passes or {@code timeout} ends, then rethrows its last failure. */
    static void eventually(java.time.Duration timeout, Runnable check) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                check.run();
                return;
            } catch (AssertionError e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    /**
     * Runs {@code call}, which must fail with an AWS error of that SDK exception class, error code, HTTP
     * status 400 and exactly that message; returns the exception for further checks.
     */
    static <T extends AwsServiceException> T assertAwsError(ThrowingCallable call, Class<T> type, String code,
                                                          String message) {
        T e = catchThrowableOfType(type, call);
        assertThat(e).as("expected %s from the call", type.getSimpleName()).isNotNull();
        assertThat(e.awsErrorDetails().errorCode()).isEqualTo(code);
        assertThat(e.statusCode()).isEqualTo(400);
        if (message != null) {
            assertThat(e.awsErrorDetails().errorMessage()).isEqualTo(message);
        }
        assertThat(e.requestId()).isNotBlank();
        return e;
    }
}

package dev.homeport.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class GatedModuleTest {
    /** A one-operation service: Echo returns its input. */
    private static final class EchoService implements ServiceModule {
        @Override public String targetPrefix() { return "echo"; }
        @Override public String signingName() { return "echo"; }
        @Override public ObjectMapper mapper() { return new ObjectMapper(); }
        @Override public String errorMessageMember() { return "Message"; }

        @Override
        public void register(OperationRegistry registry) {
            registry.add("Echo", String.class, AccessRule.any("echo:Echo"), (ctx, input) -> input);
        }
    }

    private static Map<String, Operation<Object, Object>> operations(ServiceModule module) {
        Map<String, Operation<Object, Object>> ops = new HashMap<>();
        module.register(new OperationRegistry() {
            @Override
            @SuppressWarnings("unchecked")
            public <I, O> void add(String name, Class<I> inputType, AccessRule<? super I> access,
                                   Operation<I, O> operation) {
                ops.put(name, (Operation<Object, Object>) operation);
            }
        });
        return ops;
    }

    private static final RequestContext CTX =
            new RequestContext("r", dev.homeport.protocol.Principal.root("000000000000"), "us-east-1", "test", "Echo", Instant.EPOCH, null, null);

    @Test
    void describesItselfAsTheServiceItGates() {
        GatedModule gated = new GatedModule(new EchoService(), CompletableFuture.completedFuture(null));
        assertThat(gated.targetPrefix()).isEqualTo("echo");
        assertThat(gated.errorMessageMember()).isEqualTo("Message");
        assertThat(operations(gated)).containsOnlyKeys("Echo");
    }

    @Test
    void anOperationWaitsUntilTheServiceIsReady() throws Exception {
        CompletableFuture<Void> ready = new CompletableFuture<>();
        Operation<Object, Object> echo = operations(new GatedModule(new EchoService(), ready)).get("Echo");

        CompletableFuture<Object> call = CompletableFuture.supplyAsync(() -> echo.invoke(CTX, "hello"));
        Thread.sleep(200);
        assertThat(call).isNotDone();

        ready.complete(null);
        assertThat(call.get(5, TimeUnit.SECONDS)).isEqualTo("hello");
    }

    @Test
    void aServiceThatFailedToStartAnswersAFaultOfOurs() {
        CompletableFuture<Void> ready = CompletableFuture.failedFuture(new IllegalArgumentException("no engine"));
        Operation<Object, Object> echo = operations(new GatedModule(new EchoService(), ready)).get("Echo");

        assertThatThrownBy(() -> echo.invoke(CTX, "hello"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("echo did not start")
                .hasRootCauseMessage("no engine");
    }
}

package dev.homeport.protocol;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * A service whose operations wait until {@code ready} completes. Homeport serves Secrets Manager as soon
 * as its store is open, while ECS waits for its task runtime: making the Docker client and re-adopting
 * the tasks of the last run took longer than the whole rest of the start-up. A caller that arrives
 * meanwhile waits, as it would for a slow answer, and then sees the recovered tasks, never the state of
 * before the restart.
 */
public final class GatedModule implements ServiceModule {
    private final ServiceModule service;
    private final CompletableFuture<?> ready;

    public GatedModule(ServiceModule service, CompletableFuture<?> ready) {
        this.service = service;
        this.ready = ready;
    }

    @Override
    public String targetPrefix() {
        return service.targetPrefix();
    }

    @Override
    public String signingName() {
        return service.signingName();
    }

    @Override
    public ObjectMapper mapper() {
        return service.mapper();
    }

    @Override
    public String errorMessageMember() {
        return service.errorMessageMember();
    }

    @Override
    public OptionalLong maxRequestBytes() {
        return service.maxRequestBytes();
    }

    @Override
    public void register(OperationRegistry registry) {
        service.register(new OperationRegistry() {
            @Override
            public <I, O> void add(String name, Class<I> inputType, AccessRule<? super I> access,
                                   Operation<I, O> operation) {
                registry.add(name, inputType, access, (ctx, input) -> {
                    awaitReady();
                    return operation.invoke(ctx, input);
                });
            }
        });
    }

    private void awaitReady() {
        try {
            ready.join();
        } catch (CompletionException e) {
            // Start-up failed and Homeport is stopping: a fault of ours, answered as InternalFailure.
            throw new IllegalStateException(service.targetPrefix() + " did not start", e.getCause());
        }
    }
}

package dev.homeport.ecr;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import dev.homeport.ecr.registry.BlobStore;
import dev.homeport.protocol.Json;
import dev.homeport.protocol.OperationRegistry;
import dev.homeport.protocol.ServiceModule;
import dev.homeport.protocol.sigv4.KeyDirectory;

import java.util.function.Supplier;

/**
 * Amazon ECR's API ({@code X-Amz-Target: AmazonEC2ContainerRegistry_V20150921.*}, signing name {@code ecr}):
 * repositories, images, the login token. The images themselves come and go through the registry
 * ({@code registry.Registry}, at {@code /v2/}).
 */
public final class EcrModule implements ServiceModule {
    private static final ObjectMapper MAPPER = Json.mapper(PropertyNamingStrategies.LOWER_CAMEL_CASE);

    private final RepositoryOperations repositories;
    private final ImageOperations images;
    private final LifecycleOperations lifecycle;

    public EcrModule(EcrStore store, BlobStore blobs, RegistryTokens tokens, KeyDirectory keys,
                     Supplier<String> registryHost, java.time.Clock clock) {
        this.repositories = new RepositoryOperations(store, registryHost);
        this.images = new ImageOperations(store, blobs, repositories, tokens, keys, registryHost, clock);
        this.lifecycle = new LifecycleOperations(store, repositories, clock);
    }

    /** Applies every repository's lifecycle policy (the background job's work); returns how many images expired. */
    public int applyLifecyclePolicies() {
        return lifecycle.applyAll();
    }

    @Override
    public String targetPrefix() {
        return "AmazonEC2ContainerRegistry_V20150921";
    }

    @Override
    public String signingName() {
        return "ecr";
    }

    @Override
    public ObjectMapper mapper() {
        return MAPPER;
    }

    @Override
    public void register(OperationRegistry registry) {
        repositories.register(registry);
        images.register(registry);
        lifecycle.register(registry);
    }
}

package dev.homeport.protocol;

/**
 * One AWS API operation. Implementations validate their input, do the work and return the output
 * record; failures are thrown as {@link AwsServiceException} built by the service's error catalogue.
 *
 * <p>Implementations must be thread-safe: one instance serves all requests concurrently.
 *
 * @param <I> the input record, deserialized from the request body
 * @param <O> the output record, serialized as the response body ({@code null} means {@code {}})
 */
@FunctionalInterface
public interface Operation<I, O> {
    O invoke(RequestContext ctx, I input);
}

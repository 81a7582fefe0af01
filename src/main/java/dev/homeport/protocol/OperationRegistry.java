package dev.homeport.protocol;

/** Where a {@link ServiceModule} lists its operations. */
public interface OperationRegistry {
    /**
     * Registers an operation under its AWS name (the part of {@code X-Amz-Target} after the dot).
     *
     * @param inputType the record the request body is read into
     */
    <I, O> void add(String name, Class<I> inputType, Operation<I, O> operation);
}

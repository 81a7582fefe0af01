package dev.homeport.protocol;

/** Where a {@link ServiceModule} lists its operations. */
public interface OperationRegistry {
    /**
     * Registers an operation under its AWS name (the part of {@code X-Amz-Target} after the dot), with the
     * permissions it needs: the protocol asks the {@link Authorizer} for them before the operation runs.
     *
     * @param inputType the record the request body is read into
     * @param access    the IAM actions and resources the operation needs, from its input
     */
    <I, O> void add(String name, Class<I> inputType, AccessRule<? super I> access, Operation<I, O> operation);
}

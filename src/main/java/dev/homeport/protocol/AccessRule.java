package dev.homeport.protocol;

import java.util.List;

/**
 * What an operation needs permission for, from its input: declared with the operation when it is registered, and
 * asked by the protocol after the input is read and before the operation runs. An operation never checks a
 * permission itself.
 *
 * @param <I> the operation's input
 */
@FunctionalInterface
public interface AccessRule<I> {
    /** The permissions this request needs; all of them must be allowed. Runs before the operation's validation. */
    List<Access> accessFor(RequestContext ctx, I input);

    /** An action on no particular resource. */
    static <I> AccessRule<I> any(String action) {
        List<Access> access = List.of(Access.toAny(action));
        return (ctx, input) -> access;
    }

    /**
     * No permission at all: for the few calls AWS answers to any authenticated caller (STS GetCallerIdentity,
     * "no permissions are required to perform this operation").
     */
    static <I> AccessRule<I> none() {
        return (ctx, input) -> List.of();
    }
}

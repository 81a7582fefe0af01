package dev.homeport.protocol;

import java.util.Map;

/**
 * One AWS service speaking the Query protocol ({@code POST /}, form-encoded {@code Action=...&Version=...}, XML
 * answers), such as EC2. The protocol checks the signature and renders responses and errors; the module only maps
 * an action's parameters to the XML members of its result.
 */
public interface QueryServiceModule {
    /** The SigV4 signing name, such as {@code ec2}; requests are routed to the module by it. */
    String signingName();

    /** The XML namespace of responses, e.g. {@code http://ec2.amazonaws.com/doc/2016-11-15/}. */
    String xmlNamespace();

    /**
     * How answers and errors are wrapped. EC2 has a Query dialect of its own ({@code <ActionResponse>} with a
     * {@code requestId} member, errors in {@code <Response><Errors>}); IAM and STS use AWS's plain Query protocol
     * ({@code <ActionResult>} and {@code <ResponseMetadata>}, errors in {@code <ErrorResponse>}).
     */
    enum Dialect { EC2, AWS_QUERY }

    default Dialect dialect() {
        return Dialect.EC2;
    }

    /** The actions, by name ({@code DescribeSubnets}). */
    Map<String, QueryAction> operations();

    /** An action: the permissions it needs, from its parameters, and what it does. */
    record QueryAction(AccessRule<QueryParams> access, QueryOperation operation) {
    }

    /** An action: form parameters in, the members of {@code <ActionResponse>} out (after {@code requestId}). */
    @FunctionalInterface
    interface QueryOperation {
        void invoke(RequestContext ctx, QueryParams params, Xml out);
    }
}

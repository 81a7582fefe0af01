package dev.homeport.protocol;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Map;

/**
 * The one place where errors become responses. An {@link AwsServiceException} is rendered as AWS
 * renders it; anything else is a fault of ours and becomes a generic {@code InternalFailure} that
 * leaks no message, because an unexpected exception's text may contain anything, a secret included.
 */
public final class ErrorRenderer {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    static final String CONTENT_TYPE = "application/x-amz-json-1.1";

    private ErrorRenderer() {
    }

    public static WireResponse render(Throwable error, String requestId, String messageMember) {
        AwsServiceException aws = error instanceof AwsServiceException e ? e : ProtocolErrors.internalFailure();
        ObjectNode body = MAPPER.createObjectNode();
        body.put("__type", aws.errorType());
        if (aws.getMessage() != null) {
            body.put(messageMember, aws.getMessage());
        }
        aws.members().forEach((name, value) -> body.set(name, MAPPER.valueToTree(value)));
        byte[] bytes;
        try {
            bytes = MAPPER.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            bytes = ("{\"__type\":\"" + aws.errorType() + "\"}").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        }
        return new WireResponse(aws.httpStatus(), CONTENT_TYPE,
                Map.of("x-amzn-RequestId", requestId, "x-amzn-ErrorType", aws.errorType()), bytes);
    }
}

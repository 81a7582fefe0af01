package dev.homeport.sts;

import dev.homeport.protocol.QueryParams;
import dev.homeport.protocol.QueryServiceModule;
import dev.homeport.protocol.RequestContext;
import dev.homeport.protocol.Xml;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * AWS STS over AWS's Query protocol (API version 2011-06-15). For now GetCallerIdentity, the call every tool makes
 * to ask "who am I": a key of the credentials file is its account's root user, as on AWS.
 */
public final class StsModule implements QueryServiceModule {
    public static final String NAMESPACE = "https://sts.amazonaws.com/doc/2011-06-15/";

    private final Map<String, QueryOperation> operations = new LinkedHashMap<>();

    public StsModule() {
        operations.put("GetCallerIdentity", this::getCallerIdentity);
    }

    @Override
    public String signingName() {
        return "sts";
    }

    @Override
    public String xmlNamespace() {
        return NAMESPACE;
    }

    @Override
    public Dialect dialect() {
        return Dialect.AWS_QUERY;
    }

    @Override
    public Map<String, QueryOperation> operations() {
        return operations;
    }

    /**
     * The caller's identity. For an account's root user AWS answers the account id as UserId and
     * {@code arn:aws:iam::<account>:root} as Arn. Needs no permission, as on AWS (an explicit deny cannot stop it).
     */
    void getCallerIdentity(RequestContext ctx, QueryParams params, Xml out) {
        out.element("UserId", ctx.accountId())
                .element("Account", ctx.accountId())
                .element("Arn", "arn:aws:iam::" + ctx.accountId() + ":root");
    }
}

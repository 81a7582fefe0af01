package dev.homeport.sts;

import dev.homeport.protocol.AccessRule;
import dev.homeport.protocol.QueryParams;
import dev.homeport.protocol.QueryServiceModule;
import dev.homeport.protocol.RequestContext;
import dev.homeport.protocol.Xml;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * AWS STS over AWS's Query protocol (API version 2011-06-15). For now GetCallerIdentity, the call every tool makes
 * to ask "who am I": a key of the credentials file is its account's root user, as on AWS, and an IAM user's key
 * that user.
 */
public final class StsModule implements QueryServiceModule {
    public static final String NAMESPACE = "https://sts.amazonaws.com/doc/2011-06-15/";

    private final Map<String, QueryAction> operations = new LinkedHashMap<>();

    public StsModule() {
        operations.put("GetCallerIdentity", new QueryAction(AccessRule.none(), this::getCallerIdentity));
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
    public Map<String, QueryAction> operations() {
        return operations;
    }

    /**
     * The caller's identity: for an account's root user AWS answers the account id as UserId and
     * {@code arn:aws:iam::<account>:root} as Arn; for an IAM user its {@code AIDA…} id and user ARN. Needs no
     * permission, as on AWS (an explicit deny cannot stop it).
     */
    void getCallerIdentity(RequestContext ctx, QueryParams params, Xml out) {
        out.element("UserId", ctx.principal().userId())
                .element("Account", ctx.accountId())
                .element("Arn", ctx.principal().arn());
    }
}

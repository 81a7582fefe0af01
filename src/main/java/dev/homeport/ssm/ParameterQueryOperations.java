package dev.homeport.ssm;

import dev.homeport.common.PageTokens;
import dev.homeport.protocol.Access;
import dev.homeport.protocol.OperationRegistry;
import dev.homeport.protocol.RequestContext;
import dev.homeport.protocol.Validation;
import dev.homeport.ssm.SsmShapes.DescribeParametersRequest;
import dev.homeport.ssm.SsmShapes.DescribeParametersResult;
import dev.homeport.ssm.SsmShapes.GetParametersByPathRequest;
import dev.homeport.ssm.SsmShapes.GetParametersByPathResult;
import dev.homeport.ssm.SsmShapes.Parameter;
import dev.homeport.ssm.SsmShapes.ParameterMetadata;
import dev.homeport.ssm.SsmShapes.ParameterStringFilter;
import dev.homeport.ssm.SsmStore.ParameterVersion;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * GetParametersByPath and DescribeParameters: the latest version of the account's parameters in its region, by name,
 * filtered, a page at a time (the token is the last name of the page). Names are compared with a leading slash, so a
 * top-level name without one is under the path {@code /}, as on AWS.
 */
final class ParameterQueryOperations {
    private static final Pattern PATH = Pattern.compile("/|(/[a-zA-Z0-9_.\\-]+)+/?");
    private static final List<String> DESCRIBE_KEYS = List.of("Path", "Name", "Type", "KeyId", "Tier", "DataType");
    private static final List<String> BY_PATH_KEYS = List.of("Type", "KeyId", "Label", "Tier", "DataType");

    private final SsmStore store;
    private final ParameterOperations parameters;

    ParameterQueryOperations(SsmStore store, ParameterOperations parameters) {
        this.store = store;
        this.parameters = parameters;
    }

    void register(OperationRegistry registry) {
        registry.add("GetParametersByPath", GetParametersByPathRequest.class,
                (ctx, in) -> List.of(SsmAccess.access(store, ctx, "ssm:GetParametersByPath", in.path(),
                        Map.of("ssm:Recursive", List.of(String.valueOf(Boolean.TRUE.equals(in.recursive())))))),
                this::getParametersByPath);
        registry.add("DescribeParameters", DescribeParametersRequest.class,
                (ctx, in) -> List.of(Access.toAny("ssm:DescribeParameters")), this::describeParameters);
    }

    /** A name as compared with paths: with its leading slash. */
    private static String slashed(String name) {
        return name.startsWith("/") ? name : "/" + name;
    }

    /** Whether {@code name} lies under {@code path}: directly, or at any depth when recursive. */
    static boolean under(String name, String path, boolean recursive) {
        String n = slashed(name);
        String p = path.endsWith("/") ? path : path + "/";
        if (!n.startsWith(p) || n.length() == p.length()) {
            return false;
        }
        return recursive || n.indexOf('/', p.length()) < 0;
    }

    private static void checkPath(String path) {
        String bare = path.length() > 1 ? path.substring(1).toLowerCase(Locale.ROOT) : "";
        if (!PATH.matcher(path).matches() || bare.startsWith("aws") || bare.startsWith("ssm")) {
            throw SsmErrors.invalidPathFilter();
        }
    }

    GetParametersByPathResult getParametersByPath(RequestContext ctx, GetParametersByPathRequest in) {
        Validation.of().notNull("path", in.path()).length("path", in.path(), 1, 2048)
                .range("maxResults", in.maxResults(), 1, 10).check();
        checkPath(in.path());
        List<Function<ParameterVersion, Boolean>> filters = filters(ctx, in.parameterFilters(), BY_PATH_KEYS);
        boolean recursive = Boolean.TRUE.equals(in.recursive());
        List<ParameterVersion> matching = store.listLatest(ctx.accountId(), ctx.region()).stream()
                .filter(v -> under(v.name(), in.path(), recursive))
                .filter(v -> filters.stream().allMatch(f -> f.apply(v))).toList();
        Page<ParameterVersion> page = page(matching, in.nextToken(), in.maxResults() == null ? 10 : in.maxResults());
        boolean decrypt = Boolean.TRUE.equals(in.withDecryption());
        List<Parameter> out = page.items().stream().map(v -> parameters.view(ctx, v, decrypt, null)).toList();
        return new GetParametersByPathResult(out, page.next());
    }

    DescribeParametersResult describeParameters(RequestContext ctx, DescribeParametersRequest in) {
        Validation.of().range("maxResults", in.maxResults(), 1, 50).check();
        if (in.filters() != null && !in.filters().isEmpty() && in.parameterFilters() != null
                && !in.parameterFilters().isEmpty()) {
            throw SsmErrors.bothFilters();
        }
        List<ParameterStringFilter> given = new ArrayList<>();
        if (in.filters() != null) {
            in.filters().forEach(f -> given.add(new ParameterStringFilter(f.key(), "Equals", f.values())));
        }
        if (in.parameterFilters() != null) {
            given.addAll(in.parameterFilters());
        }
        List<Function<ParameterVersion, Boolean>> filters = filters(ctx, given, DESCRIBE_KEYS);
        List<ParameterVersion> matching = store.listLatest(ctx.accountId(), ctx.region()).stream()
                .filter(v -> filters.stream().allMatch(f -> f.apply(v))).toList();
        Page<ParameterVersion> page = page(matching, in.nextToken(), in.maxResults() == null ? 50 : in.maxResults());
        List<ParameterMetadata> out = page.items().stream().map(v -> new ParameterMetadata(v.name(),
                SsmAccess.arn(ctx.region(), ctx.accountId(), v.name()), v.type(), v.keyId(), v.modifiedAt(),
                v.modifiedBy(), v.description(), v.allowedPattern(), v.version(), v.tier(), List.of(), v.dataType()))
                .toList();
        return new DescribeParametersResult(out, page.next());
    }

    record Page<T>(List<T> items, String next) {
    }

    private static Page<ParameterVersion> page(List<ParameterVersion> all, String token, int limit) {
        String after = token == null ? null : PageTokens.decode(token).orElseThrow(SsmErrors::invalidNextToken);
        List<ParameterVersion> items = new ArrayList<>();
        String next = null;
        for (ParameterVersion v : all) {
            if (after != null && v.name().compareTo(after) <= 0) {
                continue;
            }
            if (items.size() == limit) {
                next = PageTokens.encode(items.getLast().name());
                break;
            }
            items.add(v);
        }
        return new Page<>(items, next);
    }

    /** ParameterFilters as predicates, checked with AWS's rules and words. */
    private List<Function<ParameterVersion, Boolean>> filters(RequestContext ctx, List<ParameterStringFilter> given,
                                                              List<String> validKeys) {
        List<Function<ParameterVersion, Boolean>> out = new ArrayList<>();
        if (given == null) {
            return out;
        }
        Set<String> seen = new HashSet<>();
        for (ParameterStringFilter f : given) {
            String key = f.key();
            Validation.of().notNull("parameterFilters.member.key", key)
                    .length("parameterFilters.member.key", key, 1, 132)
                    .length("parameterFilters.member.option", f.option(), 1, 10)
                    .size("parameterFilters.member.values", f.values(), 1, 50).check();
            boolean tag = key.startsWith("tag:") && key.length() > 4;
            if (!tag && !validKeys.contains(key)) {
                throw SsmErrors.invalidFilterKey(key, "[" + String.join(", ", validKeys) + "]");
            }
            if (!seen.add(key)) {
                throw SsmErrors.validation("The following filter is duplicated in the request: " + key
                        + ". A request can contain only one occurrence of a specific filter.");
            }
            List<String> values = f.values() == null ? List.of() : f.values();
            if (values.isEmpty() && !tag) {
                throw SsmErrors.missingFilterValues(key);
            }
            if (tag) {
                String tagKey = key.substring(4);
                out.add(v -> {
                    String value = store.tags(ctx.accountId(), ctx.region(), v.name()).get(tagKey);
                    return value != null && (values.isEmpty() || match(value, f.option(), values));
                });
                continue;
            }
            switch (key) {
                case "Path" -> {
                    String option = f.option() == null ? "OneLevel" : f.option();
                    if (!option.equals("OneLevel") && !option.equals("Recursive")) {
                        throw SsmErrors.invalidFilterOption(option, "[Recursive, OneLevel]");
                    }
                    values.forEach(ParameterQueryOperations::checkPath);
                    out.add(v -> values.stream().anyMatch(p -> under(v.name(), p, option.equals("Recursive"))));
                }
                case "Name" -> {
                    checkOption(f.option());
                    out.add(v -> values.stream().anyMatch(val -> f.option() != null && f.option().equals("BeginsWith")
                            ? slashed(v.name()).startsWith(slashed(val)) : slashed(v.name()).equals(slashed(val))));
                }
                case "Type" -> {
                    checkOption(f.option());
                    values.stream().filter(val -> !List.of("String", "StringList", "SecureString").contains(val))
                            .findFirst().ifPresent(val -> {
                                throw SsmErrors.invalidFilterValue(val, "[String, StringList, SecureString]");
                            });
                    out.add(v -> match(v.type(), f.option(), values));
                }
                case "Tier" -> {
                    checkOption(f.option());
                    values.stream().filter(val -> !List.of("Standard", "Advanced", "Intelligent-Tiering").contains(val))
                            .findFirst().ifPresent(val -> {
                                throw SsmErrors.invalidFilterValue(val, "[Standard, Advanced, Intelligent-Tiering]");
                            });
                    out.add(v -> match(v.tier(), f.option(), values));
                }
                case "KeyId" -> {
                    checkOption(f.option());
                    out.add(v -> v.keyId() != null && match(v.keyId(), f.option(), values));
                }
                case "DataType" -> {
                    checkOption(f.option());
                    out.add(v -> match(v.dataType(), f.option(), values));
                }
                case "Label" -> {
                    checkOption(f.option());
                    out.add(v -> store.history(ctx.accountId(), ctx.region(), v.name()).stream()
                            .anyMatch(h -> h.labels().stream().anyMatch(l -> match(l, f.option(), values))));
                }
                default -> throw SsmErrors.invalidFilterKey(key, "[" + String.join(", ", validKeys) + "]");
            }
        }
        return out;
    }

    private static void checkOption(String option) {
        if (option != null && !option.equals("Equals") && !option.equals("BeginsWith")) {
            throw SsmErrors.invalidFilterOption(option, "[BeginsWith, Equals]");
        }
    }

    private static boolean match(String actual, String option, List<String> values) {
        boolean begins = "BeginsWith".equals(option);
        return values.stream().anyMatch(v -> begins ? actual.startsWith(v) : actual.equals(v));
    }
}

package dev.homeport.ecr.registry;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.homeport.common.Ids;
import dev.homeport.ecr.EcrAccess;
import dev.homeport.ecr.EcrStore;
import dev.homeport.ecr.RegistryTokens;
import dev.homeport.protocol.Access;
import dev.homeport.protocol.AuditTrail;
import dev.homeport.protocol.Authorizer;
import dev.homeport.protocol.RequestContext;
import dev.homeport.protocol.StreamRoute;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The container registry ECR serves: the OCI Distribution Specification (the Docker Registry HTTP API v2) under
 * {@code /v2/}, which {@code docker}, {@code podman} and {@code skopeo} push to and pull from.
 *
 * <p>Every request is authenticated as ECR's are: HTTP Basic with the user {@code AWS} and the password
 * GetAuthorizationToken gave ({@link RegistryTokens}); a request without one gets {@code 401 UNAUTHORIZED} and the
 * {@code WWW-Authenticate} challenge that makes clients send it. The password's principal, in the account and region
 * it was issued for, is then authorized through IAM with the action the request stands for in ECR's API (pulling a
 * manifest is {@code ecr:BatchGetImage}, a layer {@code ecr:GetDownloadUrlForLayer}, an upload
 * {@code ecr:InitiateLayerUpload}, {@code ecr:UploadLayerPart} and {@code ecr:CompleteLayerUpload}, a manifest push
 * {@code ecr:PutImage}), on the repository's ARN.
 *
 * <p>Errors are the specification's JSON ({@code {"errors":[{"code":"NAME_UNKNOWN","message":...}]}}) with ECR's
 * messages where ECR has its own.
 */
public final class Registry {
    public static final String PREFIX = "/v2";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final BlobStore blobs;
    private final EcrStore store;
    private final Manifests manifests;
    private final RegistryTokens tokens;
    private final Authorizer authorizer;
    private final AuditTrail trail;
    private final Clock clock;
    /** Which repository each upload in progress is for: an upload goes only to the repository it was started in. */
    private final Map<String, Long> uploads = new ConcurrentHashMap<>();

    public Registry(BlobStore blobs, EcrStore store, RegistryTokens tokens, Authorizer authorizer, AuditTrail trail,
                    Clock clock) {
        this.blobs = blobs;
        this.store = store;
        this.manifests = new Manifests(blobs, store, clock);
        this.tokens = tokens;
        this.authorizer = authorizer;
        this.trail = trail;
        this.clock = clock;
    }

    /** A registry error: the specification's code, its HTTP status, the message. */
    private static final class RegistryError extends RuntimeException {
        final int status;
        final String code;

        RegistryError(int status, String code, String message) {
            super(message, null, false, false);
            this.status = status;
            this.code = code;
        }
    }

    /** Who is asking, where their repositories are, and the ECR operation the request stood for once authorized. */
    private static final class Caller {
        final RequestContext context;
        final String account;
        final String region;
        RequestContext operation;
        Access access;

        Caller(RequestContext context, String account, String region) {
            this.context = context;
            this.account = account;
            this.region = region;
        }

        RequestContext context() {
            return context;
        }

        String account() {
            return account;
        }

        String region() {
            return region;
        }
    }

    /** Answers one request under {@link #PREFIX}. */
    public void handle(StreamRoute.Request req, StreamRoute.Response res) throws IOException {
        res.header("Docker-Distribution-API-Version", "registry/2.0");
        Caller caller = null;
        RegistryError failed = null;
        try {
            caller = authenticate(req);
            String path = req.rawPath();
            if (path.equals(PREFIX) || path.equals(PREFIX + "/")) {
                res.status(200).header("Content-Type", "application/json").send("{}".getBytes(StandardCharsets.UTF_8));
                return;
            }
            dispatch(caller, path.substring(PREFIX.length() + 1), req, res);
        } catch (RegistryError e) {
            failed = e;
            if (e.status == 401) {
                String host = req.header("Host") == null ? "localhost" : req.header("Host");
                res.header("WWW-Authenticate", "Basic realm=\"http://" + host + "/\",service=\"ecr.amazonaws.com\"");
            }
            byte[] body = errorBody(e.code, e.getMessage());
            res.status(e.status).header("Content-Type", "application/json; charset=utf-8");
            if ("HEAD".equals(req.method())) {
                res.send();
            } else {
                res.send(body);
            }
        } finally {
            // In the event history as CloudTrail shows a docker push or pull: one event per registry call, named
            // after the ECR operation it stood for.
            if (caller != null && caller.operation != null) {
                Caller c = caller;
                String error = failed == null ? null : failed.status == 403 ? "AccessDeniedException" : failed.code;
                trail.record(new AuditTrail.Call(c.operation, "ecr", () -> parameters(c), List.of(c.access), error,
                        failed == null ? null : failed.getMessage(), req.header("User-Agent")));
            }
        }
    }

    /** What CloudTrail shows of a registry call: the repository and registry it was on. */
    private static byte[] parameters(Caller c) {
        String arn = c.access.resource();
        ObjectNode o = JSON.createObjectNode();
        o.put("registryId", arn.split(":")[4]);
        o.put("repositoryName", arn.substring(arn.indexOf(":repository/") + ":repository/".length()));
        return o.toString().getBytes(StandardCharsets.UTF_8);
    }

    private void dispatch(Caller caller, String rest, StreamRoute.Request req, StreamRoute.Response res)
            throws IOException {
        String method = req.method();
        int at;
        if ((at = rest.lastIndexOf("/blobs/uploads")) > 0) {
            String name = rest.substring(0, at);
            String id = rest.substring(at + "/blobs/uploads".length());
            id = id.startsWith("/") ? id.substring(1) : id;
            EcrStore.Repository r = repository(caller, name);
            if (id.isEmpty()) {
                if (!method.equals("POST")) {
                    throw unsupported();
                }
                startUpload(caller, r, req, res);
                return;
            }
            switch (method) {
                case "PATCH" -> patchUpload(caller, r, id, req, res);
                case "PUT" -> completeUpload(caller, r, id, req, res);
                case "GET" -> uploadStatus(caller, r, id, res);
                case "DELETE" -> cancelUpload(caller, r, id, res);
                default -> throw unsupported();
            }
        } else if ((at = rest.lastIndexOf("/blobs/")) > 0) {
            EcrStore.Repository r = repository(caller, rest.substring(0, at));
            String digest = rest.substring(at + "/blobs/".length());
            if (!method.equals("GET") && !method.equals("HEAD")) {
                throw unsupported(); // ECR deletes blobs itself, once no image refers to them
            }
            getBlob(caller, r, digest, req, res);
        } else if ((at = rest.lastIndexOf("/manifests/")) > 0) {
            EcrStore.Repository r = repository(caller, rest.substring(0, at));
            String reference = rest.substring(at + "/manifests/".length());
            switch (method) {
                // Go clients send one Accept header per media type: all of them count.
                case "GET", "HEAD" -> getManifest(caller, r, reference, method.equals("HEAD"),
                        String.join(",", req.headers("Accept")), res);
                case "PUT" -> putManifest(caller, r, reference, req, res);
                case "DELETE" -> deleteManifest(caller, r, reference, res);
                default -> throw unsupported();
            }
        } else if (rest.endsWith("/tags/list") && method.equals("GET")) {
            tagsList(caller, repository(caller, rest.substring(0, rest.length() - "/tags/list".length())), req, res);
        } else if ((at = rest.lastIndexOf("/referrers/")) > 0 && method.equals("GET")) {
            referrers(caller, repository(caller, rest.substring(0, at)), rest.substring(at + "/referrers/".length()),
                    req, res);
        } else {
            throw new RegistryError(404, "NOT_FOUND", "404 page not found");
        }
    }

    // ---------------------------------------------------------------- authentication and authorization

    private Caller authenticate(StreamRoute.Request req) {
        String header = req.header("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
            throw unauthorized();
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(header.substring(6).strip()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw unauthorized();
        }
        int colon = decoded.indexOf(':');
        if (colon < 0 || !decoded.substring(0, colon).equals("AWS")) {
            throw unauthorized();
        }
        RegistryTokens.Holder holder = tokens.verify(decoded.substring(colon + 1)).orElseThrow(Registry::unauthorized);
        RequestContext ctx = new RequestContext(Ids.requestId(), holder.credentials().principal(), holder.region(),
                holder.credentials().accessKeyId(), "registry", clock.instant(), req.remoteAddress(), authorizer);
        return new Caller(ctx, holder.credentials().accountId(), holder.region());
    }

    private void authorize(Caller caller, String action, EcrStore.Repository r) {
        String arn = EcrAccess.repositoryArn(r.region(), r.account(), r.name());
        RequestContext ctx = caller.context();
        caller.operation = new RequestContext(ctx.requestId(), ctx.principal(), ctx.region(), ctx.accessKeyId(),
                action.substring("ecr:".length()), ctx.receivedAt(), ctx.sourceAddress(), ctx.authorizer());
        caller.access = new Access(action, arn, r.policy(), Map.of(), Map.of(), false);
        authorizer.check(caller.operation, List.of(caller.access)).ifPresent(d -> {
            throw new RegistryError(403, "DENIED", d.message());
        });
    }

    /** A repository as a registry path names it: the registry's account, and the repository's name in it. */
    private record RepositoryPath(String account, String name) {
    }

    /**
     * Reads a path's repository. On ECR the registry's account is the host's first label
     * ({@code <account>.dkr.ecr.<region>.amazonaws.com/<name>}); here one host serves every account, so a first path
     * segment of twelve digits names the account ({@code localhost:<port>/<account>/<name>}, the form
     * {@code repositoryUri} gives), and any other path is a repository of the login's own account. The region is
     * always the login's.
     */
    private static RepositoryPath parse(Caller caller, String path) {
        if (path.length() > 13 && path.charAt(12) == '/' && path.substring(0, 12).chars().allMatch(Character::isDigit)) {
            return new RepositoryPath(path.substring(0, 12), path.substring(13));
        }
        return new RepositoryPath(caller.account(), path);
    }

    private EcrStore.Repository repository(Caller caller, String path) {
        RepositoryPath named = parse(caller, path);
        if (!EcrAccess.validRepositoryName(named.name())) {
            throw new RegistryError(400, "NAME_INVALID", "invalid repository name");
        }
        return store.findRepository(named.account(), caller.region(), named.name()).orElseThrow(() ->
                new RegistryError(404, "NAME_UNKNOWN", "The repository with name '" + named.name()
                        + "' does not exist in the registry with id '" + named.account() + "'"));
    }

    /** The path that names {@code r} whoever asks: with its account, so a Location works for every caller. */
    private static String path(EcrStore.Repository r) {
        return PREFIX + "/" + r.account() + "/" + r.name();
    }

    // ---------------------------------------------------------------- blobs

    private void getBlob(Caller caller, EcrStore.Repository r, String digest, StreamRoute.Request req,
                         StreamRoute.Response res) throws IOException {
        boolean head = req.method().equals("HEAD");
        authorize(caller, head ? "ecr:BatchCheckLayerAvailability" : "ecr:GetDownloadUrlForLayer", r);
        if (!BlobStore.DIGEST.matcher(digest).matches()) {
            throw new RegistryError(400, "DIGEST_INVALID", "provided digest did not match uploaded content");
        }
        Path file = store.layerSize(r.id(), digest).flatMap(size -> blobs.find(digest))
                .orElseThrow(() -> new RegistryError(404, "BLOB_UNKNOWN", "blob unknown to registry"));
        long size = Files.size(file);
        long from = 0;
        long to = size - 1;
        String range = req.header("Range");
        if (range != null && !head) {
            long[] parsed = range(range, size);
            from = parsed[0];
            to = parsed[1];
            res.status(206).header("Content-Range", "bytes " + from + "-" + to + "/" + size);
        } else {
            res.status(200);
        }
        res.header("Content-Type", "application/octet-stream").header("Docker-Content-Digest", digest)
                .header("Accept-Ranges", "bytes").header("Content-Length", String.valueOf(to - from + 1));
        if (head) {
            res.send();
            return;
        }
        try (InputStream in = Files.newInputStream(file); OutputStream out = res.output()) {
            in.skipNBytes(from);
            long left = to - from + 1;
            byte[] buffer = new byte[64 * 1024];
            while (left > 0) {
                int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
                if (n < 0) {
                    break;
                }
                out.write(buffer, 0, n);
                left -= n;
            }
        }
    }

    /** {@code bytes=a-b}, {@code bytes=a-}, {@code bytes=-n}, within the blob; otherwise 416. */
    private static long[] range(String header, long size) {
        try {
            String spec = header.strip();
            if (!spec.startsWith("bytes=") || spec.contains(",")) {
                throw new NumberFormatException();
            }
            String[] ends = spec.substring(6).split("-", -1);
            long from;
            long to;
            if (ends[0].isEmpty()) {
                from = Math.max(0, size - Long.parseLong(ends[1]));
                to = size - 1;
            } else {
                from = Long.parseLong(ends[0]);
                to = ends[1].isEmpty() ? size - 1 : Math.min(size - 1, Long.parseLong(ends[1]));
            }
            if (from > to || from >= size) {
                throw new NumberFormatException();
            }
            return new long[]{from, to};
        } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
            throw new RegistryError(416, "BLOB_UNKNOWN", "requested range not satisfiable");
        }
    }

    private void startUpload(Caller caller, EcrStore.Repository r, StreamRoute.Request req, StreamRoute.Response res)
            throws IOException {
        authorize(caller, "ecr:InitiateLayerUpload", r);
        String mount = req.query("mount");
        String from = req.query("from");
        if (mount != null && from != null && BlobStore.DIGEST.matcher(mount).matches()) {
            // Cross-repository mount: the blob is the source repository's, and the caller may read it there.
            RepositoryPath named = parse(caller, from);
            Optional<EcrStore.Repository> source = EcrAccess.validRepositoryName(named.name())
                    ? store.findRepository(named.account(), caller.region(), named.name()) : Optional.empty();
            Optional<Long> size = source.flatMap(s -> store.layerSize(s.id(), mount))
                    .filter(s -> blobs.find(mount).isPresent());
            if (size.isPresent() && authorizer.check(caller.context(), List.of(new Access("ecr:GetDownloadUrlForLayer",
                    EcrAccess.repositoryArn(source.get().region(), source.get().account(), source.get().name()),
                    source.get().policy(), Map.of(), Map.of(), false))).isEmpty()) {
                store.addLayer(r.id(), mount, size.get(), clock.millis());
                res.status(201).header("Location", path(r) + "/blobs/" + mount)
                        .header("Docker-Content-Digest", mount).header("Content-Length", "0").send();
                return;
            }
        }
        String id = blobs.startUpload();
        uploads.put(id, r.id());
        String digest = req.query("digest");
        if (digest != null) { // a monolithic upload: the blob in the POST itself
            append(id, req);
            complete(caller, r, id, digest, res);
            return;
        }
        res.status(202).header("Location", uploadLocation(r, id)).header("Range", "0-0")
                .header("Docker-Upload-UUID", id).header("Content-Length", "0").send();
    }

    private void patchUpload(Caller caller, EcrStore.Repository r, String id, StreamRoute.Request req,
                             StreamRoute.Response res) throws IOException {
        authorize(caller, "ecr:UploadLayerPart", r);
        long size = ownUpload(r, id);
        String range = req.header("Content-Range");
        if (range != null) {
            String[] ends = range.strip().replaceFirst("^bytes ", "").split("[-/]");
            try {
                if (Long.parseLong(ends[0]) != size) {
                    throw new NumberFormatException();
                }
            } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
                res.header("Location", uploadLocation(r, id)).header("Range", rangeHeader(size))
                        .header("Docker-Upload-UUID", id);
                throw new RegistryError(416, "BLOB_UPLOAD_INVALID", "blob upload invalid: the chunk does not start "
                        + "where the upload ends");
            }
        }
        long now = append(id, req);
        res.status(202).header("Location", uploadLocation(r, id)).header("Range", rangeHeader(now))
                .header("Docker-Upload-UUID", id).header("Content-Length", "0").send();
    }

    private void completeUpload(Caller caller, EcrStore.Repository r, String id, StreamRoute.Request req,
                                StreamRoute.Response res) throws IOException {
        authorize(caller, "ecr:CompleteLayerUpload", r);
        ownUpload(r, id);
        append(id, req);
        complete(caller, r, id, req.query("digest"), res);
    }

    private void complete(Caller caller, EcrStore.Repository r, String id, String digest, StreamRoute.Response res)
            throws IOException {
        if (digest == null || !BlobStore.DIGEST.matcher(digest).matches()) {
            blobs.cancel(id);
            uploads.remove(id);
            throw new RegistryError(400, "DIGEST_INVALID", "provided digest did not match uploaded content");
        }
        long size = blobs.uploaded(id).orElse(0L);
        BlobStore.Completion done = blobs.complete(id, digest);
        uploads.remove(id);
        switch (done) {
            case STORED -> {
                store.addLayer(r.id(), digest, size, clock.millis());
                res.status(201).header("Location", path(r) + "/blobs/" + digest)
                        .header("Docker-Content-Digest", digest).header("Content-Length", "0").send();
            }
            case DIGEST_MISMATCH -> throw new RegistryError(400, "DIGEST_INVALID",
                    "provided digest did not match uploaded content");
            case UNKNOWN_UPLOAD -> throw uploadUnknown();
        }
    }

    private void uploadStatus(Caller caller, EcrStore.Repository r, String id, StreamRoute.Response res) {
        authorize(caller, "ecr:UploadLayerPart", r);
        long size = ownUpload(r, id);
        res.status(204).header("Location", uploadLocation(r, id)).header("Range", rangeHeader(size))
                .header("Docker-Upload-UUID", id).send();
    }

    private void cancelUpload(Caller caller, EcrStore.Repository r, String id, StreamRoute.Response res) {
        authorize(caller, "ecr:UploadLayerPart", r);
        ownUpload(r, id);
        blobs.cancel(id);
        uploads.remove(id);
        res.status(204).send();
    }

    /** The upload's size so far, when it is this repository's. */
    private long ownUpload(EcrStore.Repository r, String id) {
        Long owner = uploads.get(id);
        if (owner == null || owner != r.id()) {
            throw uploadUnknown();
        }
        return blobs.uploaded(id).orElseThrow(Registry::uploadUnknown);
    }

    private long append(String id, StreamRoute.Request req) throws IOException {
        try (InputStream body = req.body()) {
            return blobs.append(id, body).orElseThrow(Registry::uploadUnknown);
        } catch (IOException e) {
            uploads.remove(id);
            throw e;
        }
    }

    private static String uploadLocation(EcrStore.Repository r, String id) {
        return path(r) + "/blobs/uploads/" + id;
    }

    /** The {@code Range} of an upload holding {@code size} bytes: {@code 0-<last>}, and {@code 0-0} when empty. */
    private static String rangeHeader(long size) {
        return "0-" + Math.max(0, size - 1);
    }

    // ---------------------------------------------------------------- manifests

    /** A manifest by tag or digest; by tag, in the format the client's {@code Accept} asks for (ECR converts). */
    private void getManifest(Caller caller, EcrStore.Repository r, String reference, boolean head, String accept,
                             StreamRoute.Response res) throws IOException {
        authorize(caller, "ecr:BatchGetImage", r);
        EcrStore.Image image = image(r, reference);
        byte[] body = Files.readAllBytes(blobs.find(image.digest()).orElseThrow(Registry::manifestUnknown));
        String mediaType = image.mediaType();
        String digest = image.digest();
        Optional<ManifestConversion.Converted> converted = BlobStore.DIGEST.matcher(reference).matches()
                ? Optional.empty() : ManifestConversion.forClient(body, mediaType, accept);
        if (converted.isPresent()) {
            body = converted.get().body();
            mediaType = converted.get().mediaType();
            digest = BlobStore.digest(body);
        }
        res.status(200).header("Content-Type", mediaType).header("Docker-Content-Digest", digest)
                .header("Content-Length", String.valueOf(body.length));
        if (head) {
            res.send();
            return;
        }
        store.pulled(r.id(), image.digest(), clock.millis());
        res.send(body);
    }

    private EcrStore.Image image(EcrStore.Repository r, String reference) {
        String digest = BlobStore.DIGEST.matcher(reference).matches() ? reference
                : store.tagged(r.id(), reference).orElseThrow(Registry::manifestUnknown);
        return store.findImage(r.id(), digest).orElseThrow(Registry::manifestUnknown);
    }

    private void putManifest(Caller caller, EcrStore.Repository r, String reference, StreamRoute.Request req,
                             StreamRoute.Response res) throws IOException {
        authorize(caller, "ecr:PutImage", r);
        boolean byDigest = reference.startsWith("sha256:");
        byte[] body;
        try (InputStream in = req.body()) {
            body = in.readNBytes(Manifests.MAX_BYTES + 1);
        }
        Manifests.Stored stored;
        try {
            stored = manifests.put(r, byDigest ? null : reference, byDigest ? reference : null, body,
                    req.header("Content-Type"));
        } catch (Manifests.Problem p) {
            throw new RegistryError(400, switch (p.kind()) {
                case INVALID -> "MANIFEST_INVALID";
                case DIGEST_MISMATCH -> "DIGEST_INVALID";
                case BLOBS_UNKNOWN -> "MANIFEST_BLOB_UNKNOWN";
                case TAG_INVALID, TAG_IMMUTABLE -> "TAG_INVALID";
            }, p.getMessage());
        }
        res.status(201).header("Location", path(r) + "/manifests/" + stored.digest())
                .header("Docker-Content-Digest", stored.digest()).header("Content-Length", "0");
        if (stored.subject() != null) {
            res.header("OCI-Subject", stored.subject());
        }
        res.send();
    }

    private void deleteManifest(Caller caller, EcrStore.Repository r, String reference, StreamRoute.Response res) {
        authorize(caller, "ecr:BatchDeleteImage", r);
        if (BlobStore.DIGEST.matcher(reference).matches()) {
            if (!store.deleteImage(r.id(), reference)) {
                throw manifestUnknown();
            }
        } else if (!store.untag(r.id(), reference)) {
            throw manifestUnknown();
        }
        res.status(202).header("Content-Length", "0").send();
    }

    // ---------------------------------------------------------------- tags and referrers

    private void tagsList(Caller caller, EcrStore.Repository r, StreamRoute.Request req, StreamRoute.Response res) {
        authorize(caller, "ecr:ListImages", r);
        List<String> tags = new ArrayList<>();
        store.images(r.id()).forEach(i -> tags.addAll(i.tags()));
        tags.sort(null);
        String last = req.query("last");
        int n = Integer.MAX_VALUE;
        if (req.query("n") != null) {
            try {
                n = Integer.parseInt(req.query("n"));
            } catch (NumberFormatException e) {
                throw new RegistryError(400, "PAGINATION_NUMBER_INVALID", "invalid number of results requested");
            }
        }
        List<String> page = new ArrayList<>();
        boolean more = false;
        for (String t : tags) {
            if (last != null && t.compareTo(last) <= 0) {
                continue;
            }
            if (page.size() == n) {
                more = true;
                break;
            }
            page.add(t);
        }
        ObjectNode o = JSON.createObjectNode();
        o.put("name", r.name());
        ArrayNode list = o.putArray("tags");
        page.forEach(list::add);
        if (more) {
            res.header("Link", "<" + path(r) + "/tags/list?last=" + page.getLast() + "&n=" + n
                    + ">; rel=\"next\"");
        }
        res.status(200).header("Content-Type", "application/json").send(o.toString().getBytes(StandardCharsets.UTF_8));
    }

    private void referrers(Caller caller, EcrStore.Repository r, String digest, StreamRoute.Request req,
                           StreamRoute.Response res) throws IOException {
        authorize(caller, "ecr:BatchGetImage", r);
        if (!BlobStore.DIGEST.matcher(digest).matches()) {
            throw new RegistryError(400, "DIGEST_INVALID", "provided digest did not match uploaded content");
        }
        String artifactType = req.query("artifactType");
        ObjectNode index = JSON.createObjectNode();
        index.put("schemaVersion", 2);
        index.put("mediaType", Manifests.OCI_INDEX);
        ArrayNode manifests = index.putArray("manifests");
        for (EcrStore.Image i : store.images(r.id())) {
            if (!digest.equals(i.subject()) || (artifactType != null && !artifactType.equals(i.artifactType()))) {
                continue;
            }
            ObjectNode d = manifests.addObject();
            d.put("mediaType", i.mediaType());
            d.put("digest", i.digest());
            d.put("size", blobs.size(i.digest()).orElse(0L));
            if (i.artifactType() != null) {
                d.put("artifactType", i.artifactType());
            }
        }
        if (artifactType != null) {
            res.header("OCI-Filters-Applied", "artifactType");
        }
        res.status(200).header("Content-Type", Manifests.OCI_INDEX).send(index.toString().getBytes(StandardCharsets.UTF_8));
    }

    // ---------------------------------------------------------------- errors

    private static RegistryError unauthorized() {
        return new RegistryError(401, "UNAUTHORIZED", "authentication required");
    }

    private static RegistryError unsupported() {
        return new RegistryError(405, "UNSUPPORTED", "The operation is unsupported.");
    }

    private static RegistryError uploadUnknown() {
        return new RegistryError(404, "BLOB_UPLOAD_UNKNOWN", "blob upload unknown to registry");
    }

    private static RegistryError manifestUnknown() {
        return new RegistryError(404, "MANIFEST_UNKNOWN", "Requested image not found");
    }

    private static byte[] errorBody(String code, String message) {
        ObjectNode o = JSON.createObjectNode();
        ObjectNode e = o.putArray("errors").addObject();
        e.put("code", code);
        e.put("message", message);
        return o.toString().getBytes(StandardCharsets.UTF_8);
    }
}

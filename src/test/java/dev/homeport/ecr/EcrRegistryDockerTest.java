package dev.homeport.ecr;

import dev.homeport.runtime.docker.DockerConnection;
import dev.homeport.runtime.docker.TestImages;
import dev.homeport.testing.HomeportServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecr.model.ImageDetail;
import software.amazon.awssdk.services.ecr.model.ImageIdentifier;
import software.amazon.awssdk.services.iam.IamClient;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The workshop's push step with the real Docker CLI and engine: {@code aws ecr get-login-password | docker login},
 * {@code docker push} to the repository's URI, {@code docker pull} back, and what IAM and the registry refuse.
 * Each test's docker CLI has a configuration directory of its own, so logins never touch the user's.
 */
class EcrRegistryDockerTest {
    static HomeportServer server;
    static EcrClient ecr;
    static DockerConnection docker;
    static final List<String> localTags = new ArrayList<>();

    @BeforeAll
    static void start() {
        docker = dev.homeport.testing.TestDocker.connect();
        TestImages.ensureBusybox(docker);
        server = HomeportServer.start("docker").withExecutionRole();
        ecr = server.client(EcrClient.builder());
    }

    @AfterAll
    static void stop() throws Exception {
        for (String tag : localTags) {
            run(null, null, "docker", "rmi", "-f", tag);
        }
        if (ecr != null) {
            try (var ecs = server.client(software.amazon.awssdk.services.ecs.EcsClient.builder())) {
                for (String arn : ecs.listTasks(b -> b.cluster("default")).taskArns()) {
                    ecs.stopTask(b -> b.task(arn));
                }
            } catch (software.amazon.awssdk.services.ecs.model.ClusterNotFoundException e) {
                // no task was run
            }
            ecr.close();
        }
        if (server != null) {
            server.close();
        }
        if (docker != null) {
            docker.close();
        }
    }

    record Result(int exit, String output) {
    }

    /** Runs a command (the docker CLI with its own config directory), with {@code stdin} as its input. */
    static Result run(Path dockerConfig, String stdin, String... command) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        if (dockerConfig != null) {
            pb.environment().put("DOCKER_CONFIG", dockerConfig.toString());
        }
        Process p = pb.start();
        if (stdin != null) {
            p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        }
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(300, TimeUnit.SECONDS)).isTrue();
        return new Result(p.exitValue(), out);
    }

    /** What {@code aws ecr get-login-password} prints: the password in the token ({@code AWS:<password>}). */
    static String loginPassword(EcrClient client) {
        String token = client.getAuthorizationToken().authorizationData().getFirst().authorizationToken();
        String decoded = new String(Base64.getDecoder().decode(token), StandardCharsets.UTF_8);
        assertThat(decoded).startsWith("AWS:");
        return decoded.substring(4);
    }

    static Path login(EcrClient client) throws Exception {
        Path config = Files.createTempDirectory("docker-config");
        String registry = "localhost:" + server.port();
        Result r = run(config, loginPassword(client), "docker", "login", "--username", "AWS", "--password-stdin",
                registry);
        assertThat(r.exit()).as(r.output()).isZero();
        assertThat(r.output()).contains("Login Succeeded");
        return config;
    }

    @Test
    void pushThenPullTheWorkshopWay() throws Exception {
        var repo = ecr.createRepository(b -> b.repositoryName("smdemo/app")).repository();
        assertThat(repo.repositoryUri()).isEqualTo("localhost:" + server.port() + "/000000000000/smdemo/app");
        assertThat(repo.repositoryArn()).isEqualTo("arn:aws:ecr:us-east-1:000000000000:repository/smdemo/app");
        Path config = login(ecr);
        String image = repo.repositoryUri() + ":v1";
        localTags.add(image);
        assertThat(run(config, null, "docker", "tag", TestImages.BUSYBOX, image).exit()).isZero();

        Result push = run(config, null, "docker", "push", image);
        assertThat(push.exit()).as(push.output()).isZero();
        assertThat(push.output()).contains("v1: digest: sha256:");

        ImageDetail detail = ecr.describeImages(b -> b.repositoryName("smdemo/app")).imageDetails().getFirst();
        assertThat(detail.imageTags()).containsExactly("v1");
        assertThat(detail.imageManifestMediaType()).isEqualTo("application/vnd.docker.distribution.manifest.v2+json");
        assertThat(detail.imageSizeInBytes()).isGreaterThan(500_000L); // busybox's layer
        assertThat(push.output()).contains(detail.imageDigest());
        assertThat(ecr.listImages(b -> b.repositoryName("smdemo/app")).imageIds())
                .containsExactly(ImageIdentifier.builder().imageDigest(detail.imageDigest()).imageTag("v1").build());
        String manifest = ecr.batchGetImage(b -> b.repositoryName("smdemo/app")
                .imageIds(i -> i.imageTag("v1"))).images().getFirst().imageManifest();
        assertThat(manifest).contains("\"schemaVersion\": 2").contains("application/vnd.docker.container.image.v1+json");

        // The push is in the event history as CloudTrail shows one: ECR's operations, on the repository.
        server.homeport().cloudTrail().flush();
        try (var trail = server.client(software.amazon.awssdk.services.cloudtrail.CloudTrailClient.builder())) {
            var events = trail.lookupEvents(b -> b.lookupAttributes(a -> a.attributeKey("EventSource")
                    .attributeValue("ecr.amazonaws.com"))).events();
            assertThat(events).extracting(software.amazon.awssdk.services.cloudtrail.model.Event::eventName)
                    .contains("InitiateLayerUpload", "CompleteLayerUpload", "PutImage", "CreateRepository");
            assertThat(events).filteredOn(e -> e.eventName().equals("PutImage")).first()
                    .satisfies(e -> assertThat(e.cloudTrailEvent()).contains("\"repositoryName\":\"smdemo/app\""));
        }

        // Pulled back into an engine that no longer has it.
        assertThat(run(config, null, "docker", "rmi", image).exit()).isZero();
        Result pull = run(config, null, "docker", "pull", image);
        assertThat(pull.exit()).as(pull.output()).isZero();
        assertThat(pull.output()).contains(detail.imageDigest());
        assertThat(ecr.describeImages(b -> b.repositoryName("smdemo/app")).imageDetails().getFirst()
                .lastRecordedPullTime()).isNotNull();

        // A repository that doesn't exist: ECR's words, through docker.
        String missing = "localhost:" + server.port() + "/nope/missing:v1";
        localTags.add(missing);
        run(config, null, "docker", "tag", TestImages.BUSYBOX, missing);
        Result refused = run(config, null, "docker", "push", missing);
        assertThat(refused.exit()).isNotZero();
        assertThat(refused.output()).contains("The repository with name 'nope/missing' does not exist in the "
                + "registry with id '000000000000'");

        // Not empty: DeleteRepository needs force.
        var notEmpty = org.assertj.core.api.Assertions.catchThrowableOfType(
                software.amazon.awssdk.services.ecr.model.RepositoryNotEmptyException.class,
                () -> ecr.deleteRepository(b -> b.repositoryName("smdemo/app")));
        assertThat(notEmpty.awsErrorDetails().errorMessage()).isEqualTo("The repository with name 'smdemo/app' in "
                + "registry with id '000000000000' cannot be deleted because it still contains images");
        ecr.deleteRepository(b -> b.repositoryName("smdemo/app").force(true));
    }

    @Test
    void withoutLoginOrWithoutPermissionThePushIsRefused() throws Exception {
        var repo = ecr.createRepository(b -> b.repositoryName("guarded")).repository();
        String image = repo.repositoryUri() + ":v1";
        localTags.add(image);
        run(null, null, "docker", "tag", TestImages.BUSYBOX, image);

        Path anonymous = Files.createTempDirectory("docker-config");
        Result noLogin = run(anonymous, null, "docker", "push", image);
        assertThat(noLogin.exit()).isNotZero();
        assertThat(noLogin.output()).contains("no basic auth credentials");

        // An IAM user who may log in and read, but not push.
        try (IamClient iam = server.client(IamClient.builder())) {
            iam.createUser(b -> b.userName("puller"));
            iam.attachUserPolicy(b -> b.userName("puller")
                    .policyArn("arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryReadOnly"));
            var key = iam.createAccessKey(b -> b.userName("puller")).accessKey();
            try (EcrClient puller = server.client(EcrClient.builder(), "us-east-1", key.accessKeyId(),
                    key.secretAccessKey())) {
                Path config = login(puller);
                Result denied = run(config, null, "docker", "push", image);
                assertThat(denied.exit()).isNotZero();
                assertThat(denied.output()).contains("denied: User: arn:aws:iam::000000000000:user/puller is not "
                        + "authorized to perform: ecr:InitiateLayerUpload on resource: "
                        + "arn:aws:ecr:us-east-1:000000000000:repository/guarded");
            }
        }
        assertThat(ecr.listImages(b -> b.repositoryName("guarded")).imageIds()).isEmpty();
    }

    @Test
    void skopeoCopiesOciManifestsInAndOutAndAnImmutableTagStays() throws Exception {
        dev.homeport.testing.Prerequisite.require(Files.isExecutable(Path.of("/usr/bin/skopeo")),
                "skopeo is not installed (scripts/prepare-test-machine.sh installs it)");
        var repo = ecr.createRepository(b -> b.repositoryName("oci/app")).repository();
        String creds = "AWS:" + loginPassword(ecr);
        String target = "docker://" + repo.repositoryUri() + ":v1";
        Result copy = run(null, null, "skopeo", "copy", "--format", "oci", "--dest-creds", creds,
                "--dest-tls-verify=false", "docker-daemon:" + TestImages.BUSYBOX, target);
        assertThat(copy.exit()).as(copy.output()).isZero();
        ImageDetail pushed = ecr.describeImages(b -> b.repositoryName("oci/app")).imageDetails().getFirst();
        assertThat(pushed.imageManifestMediaType()).isEqualTo("application/vnd.oci.image.manifest.v1+json");
        assertThat(pushed.artifactMediaType()).isEqualTo("application/vnd.oci.image.config.v1+json");

        Result inspect = run(null, null, "skopeo", "inspect", "--creds", creds, "--tls-verify=false", target);
        assertThat(inspect.exit()).as(inspect.output()).isZero();
        assertThat(inspect.output()).contains(pushed.imageDigest());
        Path layout = Files.createTempDirectory("oci-layout");
        Result pull = run(null, null, "skopeo", "copy", "--src-creds", creds, "--src-tls-verify=false", target,
                "oci:" + layout + ":v1");
        assertThat(pull.exit()).as(pull.output()).isZero();

        // IMMUTABLE: the same tag for other content is refused with ECR's sentence; the tag stays where it was.
        ecr.putImageTagMutability(b -> b.repositoryName("oci/app")
                .imageTagMutability(software.amazon.awssdk.services.ecr.model.ImageTagMutability.IMMUTABLE));
        Result moved = run(null, null, "skopeo", "copy", "--format", "v2s2", "--dest-creds", creds,
                "--dest-tls-verify=false", "docker-daemon:" + TestImages.BUSYBOX, target);
        assertThat(moved.exit()).isNotZero();
        assertThat(moved.output()).contains("The image tag 'v1' already exists in the 'oci/app' repository and "
                + "cannot be overwritten because the repository is immutable.");
        assertThat(ecr.describeImages(b -> b.repositoryName("oci/app").imageIds(i -> i.imageTag("v1")))
                .imageDetails().getFirst().imageDigest()).isEqualTo(pushed.imageDigest());

        Result wrong = run(null, null, "skopeo", "inspect", "--creds", "AWS:not-a-token", "--tls-verify=false",
                target);
        assertThat(wrong.exit()).isNotZero();
        assertThat(wrong.output()).containsIgnoringCase("unauthorized");
    }

    @Test
    void aMultiArchitectureIndexMadeWithDockerManifestIsStoredAndServed() throws Exception {
        var repo = ecr.createRepository(b -> b.repositoryName("multi/app")).repository();
        Path config = login(ecr);
        // Two images (the same busybox, the second with another label: another config, another manifest).
        String amd = repo.repositoryUri() + ":amd64";
        String arm = repo.repositoryUri() + ":arm64";
        localTags.add(amd);
        localTags.add(arm);
        run(config, null, "docker", "tag", TestImages.BUSYBOX, amd);
        Path context = Files.createTempDirectory("arm-context");
        Files.writeString(context.resolve("Dockerfile"), "FROM " + TestImages.BUSYBOX + "\nLABEL variant=arm64\n");
        Result built = run(config, null, "docker", "build", "-q", "-t", arm, context.toString());
        assertThat(built.exit()).as(built.output()).isZero();
        assertThat(run(config, null, "docker", "push", amd).exit()).isZero();
        assertThat(run(config, null, "docker", "push", arm).exit()).isZero();

        String list = repo.repositoryUri() + ":multi";
        Result create = run(config, null, "docker", "manifest", "create", "--insecure", list, amd, arm);
        assertThat(create.exit()).as(create.output()).isZero();
        run(config, null, "docker", "manifest", "annotate", "--arch", "arm64", list, arm);
        Result push = run(config, null, "docker", "manifest", "push", "--insecure", "--purge", list);
        assertThat(push.exit()).as(push.output()).isZero();

        var index = ecr.describeImages(b -> b.repositoryName("multi/app").imageIds(i -> i.imageTag("multi")))
                .imageDetails().getFirst();
        assertThat(index.imageManifestMediaType())
                .isEqualTo("application/vnd.docker.distribution.manifest.list.v2+json");
        assertThat(push.output()).contains(index.imageDigest());
        Result inspect = run(config, null, "docker", "manifest", "inspect", "--insecure", list);
        assertThat(inspect.exit()).as(inspect.output()).isZero();
        assertThat(inspect.output()).contains("\"architecture\": \"arm64\"").contains("\"architecture\": \"amd64\"");
    }

    @Test
    void podmanPushesAndPullsWithTheSameLogin() throws Exception {
        dev.homeport.testing.Prerequisite.require(Files.isExecutable(Path.of("/usr/bin/podman")),
                "podman is not installed (scripts/prepare-test-machine.sh installs it)");
        var repo = ecr.createRepository(b -> b.repositoryName("pod/app")).repository();
        String creds = "AWS:" + loginPassword(ecr);
        // Podman's own store, in a temporary directory (vfs: no overlay mounts needed), not the machine's.
        Path store = Files.createTempDirectory("podman-store");
        String[] podman = {"podman", "--root", store.resolve("root").toString(), "--runroot",
                store.resolve("run").toString(), "--storage-driver", "vfs"};
        try {
            Result in = run(null, null, concat(podman, "pull", "docker-daemon:" + TestImages.BUSYBOX));
            assertThat(in.exit()).as(in.output()).isZero();
            Path digestFile = store.resolve("digest");
            Result push = run(null, null, concat(podman, "push", "--tls-verify=false", "--creds", creds,
                    "--digestfile", digestFile.toString(), TestImages.BUSYBOX, "docker://" + repo.repositoryUri() + ":v1"));
            assertThat(push.exit()).as(push.output()).isZero();
            String digest = ecr.describeImages(b -> b.repositoryName("pod/app")).imageDetails().getFirst().imageDigest();
            assertThat(Files.readString(digestFile).strip()).isEqualTo(digest);

            Result pull = run(null, null, concat(podman, "pull", "--tls-verify=false", "--creds", creds,
                    repo.repositoryUri() + ":v1"));
            assertThat(pull.exit()).as(pull.output()).isZero();
            // The pulled image is known by the registry's digest (podman keeps the digest it first stored the image
            // under as its own; the registry's is among its repository digests).
            Result inspect = run(null, null, concat(podman, "image", "inspect", "--format", "{{.RepoDigests}}",
                    repo.repositoryUri() + ":v1"));
            assertThat(inspect.output()).contains(repo.repositoryUri() + "@" + digest);
        } finally {
            run(null, null, concat(podman, "system", "reset", "--force"));
            dev.homeport.testing.HomeportServer.deleteRecursively(store);
        }
    }

    static String[] concat(String[] head, String... tail) {
        String[] all = java.util.Arrays.copyOf(head, head.length + tail.length);
        System.arraycopy(tail, 0, all, head.length, tail.length);
        return all;
    }

    @Test
    void aFargateTaskRunsFromThePushedImageAsItsExecutionRole() throws Exception {
        var repo = ecr.createRepository(b -> b.repositoryName("runner/app")).repository();
        Path config = login(ecr);
        String image = repo.repositoryUri() + ":v1";
        localTags.add(image);
        run(config, null, "docker", "tag", TestImages.BUSYBOX, image);
        Result push = run(config, null, "docker", "push", image);
        assertThat(push.exit()).as(push.output()).isZero();
        String digest = ecr.describeImages(b -> b.repositoryName("runner/app")).imageDetails().getFirst().imageDigest();

        try (var ecs = server.client(software.amazon.awssdk.services.ecs.EcsClient.builder());
             IamClient iam = server.client(IamClient.builder())) {
            var container = software.amazon.awssdk.services.ecs.model.ContainerDefinition.builder().name("app")
                    .image(image).entryPoint("/bin/sh", "-c").command("exec sleep 60").build();
            var net = software.amazon.awssdk.services.ecs.model.NetworkConfiguration.builder()
                    .awsvpcConfiguration(b -> b.subnets("subnet-c2e00bed35b3a0d6d")).build();
            ecs.registerTaskDefinition(b -> b.family("from-ecr").requiresCompatibilities(
                            software.amazon.awssdk.services.ecs.model.Compatibility.FARGATE)
                    .networkMode(software.amazon.awssdk.services.ecs.model.NetworkMode.AWSVPC).cpu("256").memory("512")
                    .executionRoleArn(HomeportServer.EXECUTION_ROLE).containerDefinitions(container));
            String taskArn = ecs.runTask(b -> b.taskDefinition("from-ecr").networkConfiguration(net)).tasks()
                    .getFirst().taskArn();
            var running = await(ecs, taskArn, "RUNNING");
            assertThat(running.containers().getFirst().imageDigest()).isEqualTo(digest);
            ecs.stopTask(b -> b.task(taskArn));

            // By digest, as a pinned deployment names it.
            var pinned = container.toBuilder().image(repo.repositoryUri() + "@" + digest).build();
            ecs.registerTaskDefinition(b -> b.family("from-ecr-pinned").requiresCompatibilities(
                            software.amazon.awssdk.services.ecs.model.Compatibility.FARGATE)
                    .networkMode(software.amazon.awssdk.services.ecs.model.NetworkMode.AWSVPC).cpu("256").memory("512")
                    .executionRoleArn(HomeportServer.EXECUTION_ROLE).containerDefinitions(pinned));
            String pinnedArn = ecs.runTask(b -> b.taskDefinition("from-ecr-pinned").networkConfiguration(net)).tasks()
                    .getFirst().taskArn();
            assertThat(await(ecs, pinnedArn, "RUNNING").containers().getFirst().imageDigest()).isEqualTo(digest);
            ecs.stopTask(b -> b.task(pinnedArn));

            // An execution role without ECR's permissions: the agent can't get its login, as on ECS.
            iam.createRole(b -> b.roleName("exec-no-ecr").assumeRolePolicyDocument(HomeportServer.TRUST_ECS_TASKS));
            ecs.registerTaskDefinition(b -> b.family("from-ecr-denied").requiresCompatibilities(
                            software.amazon.awssdk.services.ecs.model.Compatibility.FARGATE)
                    .networkMode(software.amazon.awssdk.services.ecs.model.NetworkMode.AWSVPC).cpu("256").memory("512")
                    .executionRoleArn("arn:aws:iam::000000000000:role/exec-no-ecr").containerDefinitions(container));
            String deniedArn = ecs.runTask(b -> b.taskDefinition("from-ecr-denied").networkConfiguration(net)).tasks()
                    .getFirst().taskArn();
            var stopped = await(ecs, deniedArn, "STOPPED");
            assertThat(stopped.stopCodeAsString()).isEqualTo("TaskFailedToStart");
            assertThat(stopped.stoppedReason()).isEqualTo("ResourceInitializationError: unable to pull secrets or "
                    + "registry auth: execution resource retrieval failed: unable to retrieve ecr registry auth: "
                    + "service call has been retried 3 time(s): AccessDeniedException: User: "
                    + "arn:aws:sts::000000000000:assumed-role/exec-no-ecr/" + deniedArn.substring(deniedArn.lastIndexOf('/') + 1)
                    + " is not authorized to perform: ecr:GetAuthorizationToken on resource: * because no "
                    + "identity-based policy allows the ecr:GetAuthorizationToken action");
        }
    }

    static software.amazon.awssdk.services.ecs.model.Task await(software.amazon.awssdk.services.ecs.EcsClient ecs,
                                                               String taskArn, String status) throws Exception {
        for (int i = 0; i < 600; i++) {
            var t = ecs.describeTasks(b -> b.tasks(taskArn)).tasks().getFirst();
            if (t.lastStatus().equals(status)) {
                return t;
            }
            if (t.lastStatus().equals("STOPPED")) {
                throw new AssertionError("stopped: " + t.stoppedReason());
            }
            Thread.sleep(100);
        }
        throw new AssertionError(taskArn + " not " + status);
    }
}

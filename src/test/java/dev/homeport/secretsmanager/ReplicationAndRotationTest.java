package dev.homeport.secretsmanager;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import dev.homeport.secretsmanager.model.RotationRules;
import dev.homeport.secretsmanager.model.RotationSettings;
import software.amazon.awssdk.services.secretsmanager.model.CancelRotateSecretResponse;
import software.amazon.awssdk.services.secretsmanager.model.DescribeSecretResponse;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;
import software.amazon.awssdk.services.secretsmanager.model.InvalidParameterException;
import software.amazon.awssdk.services.secretsmanager.model.InvalidRequestException;
import software.amazon.awssdk.services.secretsmanager.model.ReplicaRegionType;
import software.amazon.awssdk.services.secretsmanager.model.ReplicateSecretToRegionsResponse;
import software.amazon.awssdk.services.secretsmanager.model.ReplicationStatusType;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;
import software.amazon.awssdk.services.secretsmanager.model.StatusType;
import software.amazon.awssdk.services.secretsmanager.model.Tag;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * ReplicateSecretToRegions, RemoveRegionsFromReplication, StopReplicationToReplica (a replica is
 * read through a client of its own region: the region comes from the SigV4 scope), and the rotation
 * operations.
 */
class ReplicationAndRotationTest extends SecretsManagerTestBase {
    private static final String REPLICA_REGION = "eu-west-1";
    private static final String READ_ONLY =
            "Operation not permitted on a replica secret. Call must be made in primary secret's region.";

    private static SecretsManagerClient replicaClient;

    @BeforeAll
    static void replicaClient() {
        replicaClient = server.client(SecretsManagerClient.builder(), REPLICA_REGION, "test", "test");
    }

    @AfterAll
    static void closeReplicaClient() {
        replicaClient.close();
    }

    private static ReplicaRegionType region(String region) {
        return ReplicaRegionType.builder().region(region).build();
    }

    private static String replicaArn(String primaryArn) {
        return primaryArn.replace(":us-east-1:", ":" + REPLICA_REGION + ":");
    }

    @Test
    void aReplicaIsReadableInItsRegion() {
        String name = uniqueName("repl-read");
        String arn = createString(name, "replicated value").arn();
        // Before replication, the other region knows nothing of it.
        assertAwsError(() -> replicaClient.getSecretValue(b -> b.secretId(name)), ResourceNotFoundException.class,
                "ResourceNotFoundException", NOT_FOUND);

        ReplicateSecretToRegionsResponse r = sm.replicateSecretToRegions(b -> b.secretId(name)
                .addReplicaRegions(region(REPLICA_REGION)));

        assertThat(r.arn()).isEqualTo(arn);
        assertThat(r.replicationStatus()).singleElement().satisfies(s -> {
            assertThat(s.region()).isEqualTo(REPLICA_REGION);
            assertThat(s.status()).isEqualTo(StatusType.IN_SYNC);
        });
        GetSecretValueResponse v = replicaClient.getSecretValue(b -> b.secretId(name));
        assertThat(v.secretString()).isEqualTo("replicated value");
        assertThat(v.arn()).isEqualTo(replicaArn(arn));
        assertThat(replicaClient.getSecretValue(b -> b.secretId(replicaArn(arn))).secretString())
                .isEqualTo("replicated value");

        DescribeSecretResponse replica = replicaClient.describeSecret(b -> b.secretId(name));
        assertThat(replica.primaryRegion()).isEqualTo(REGION);
        DescribeSecretResponse primary = sm.describeSecret(b -> b.secretId(name));
        assertThat(primary.primaryRegion()).isEqualTo(REGION);
        assertThat(primary.replicationStatus()).extracting(ReplicationStatusType::region)
                .containsExactly(REPLICA_REGION);

        // A new value in the primary is what the replica answers.
        sm.putSecretValue(b -> b.secretId(name).secretString("second value"));
        assertThat(replicaClient.getSecretValue(b -> b.secretId(name)).secretString()).isEqualTo("second value");
        assertThat(replicaClient.getSecretValue(b -> b.secretId(name).versionStage(PREVIOUS)).secretString())
                .isEqualTo("replicated value");
    }

    @Test
    void createSecretCanReplicateAtOnce() {
        String name = uniqueName("repl-create");
        var created = sm.createSecret(b -> b.name(name).secretString("v").addReplicaRegions(region(REPLICA_REGION)));
        assertThat(created.replicationStatus()).extracting(ReplicationStatusType::region)
                .containsExactly(REPLICA_REGION);
        assertThat(replicaClient.getSecretValue(b -> b.secretId(name)).secretString()).isEqualTo("v");
    }

    @Test
    void aReplicaRefusesWrites() {
        String name = uniqueName("repl-readonly");
        createString(name, "primary value");
        sm.replicateSecretToRegions(b -> b.secretId(name).addReplicaRegions(region(REPLICA_REGION)));

        assertAwsError(() -> replicaClient.putSecretValue(b -> b.secretId(name).secretString("hijack")),
                InvalidRequestException.class, "InvalidRequestException", READ_ONLY);
        assertAwsError(() -> replicaClient.updateSecret(b -> b.secretId(name).description("d")),
                InvalidRequestException.class, "InvalidRequestException", READ_ONLY);
        assertAwsError(() -> replicaClient.tagResource(b -> b.secretId(name).tags(Tag.builder().key("k").value("v")
                .build())), InvalidRequestException.class, "InvalidRequestException", READ_ONLY);
        assertAwsError(() -> replicaClient.deleteSecret(b -> b.secretId(name)),
                InvalidRequestException.class, "InvalidRequestException", READ_ONLY);
        assertThat(replicaClient.getSecretValue(b -> b.secretId(name)).secretString()).isEqualTo("primary value");
        assertThat(currentValue(name)).isEqualTo("primary value");
    }

    @Test
    void aPrimaryWithReplicasCannotBeDeleted() {
        String name = uniqueName("repl-delete");
        createString(name, "v");
        sm.replicateSecretToRegions(b -> b.secretId(name).addReplicaRegions(region(REPLICA_REGION)));

        assertAwsError(() -> sm.deleteSecret(b -> b.secretId(name)), InvalidRequestException.class,
                "InvalidRequestException",
                "You can't delete secret " + name + " that still has replica regions. Remove the replica regions first.");
    }

    @Test
    void removingARegionDeletesTheReplica() {
        String name = uniqueName("repl-remove");
        createString(name, "v");
        sm.replicateSecretToRegions(b -> b.secretId(name).addReplicaRegions(region(REPLICA_REGION),
                region("ap-northeast-1")));

        var r = sm.removeRegionsFromReplication(b -> b.secretId(name).removeReplicaRegions(REPLICA_REGION));

        assertThat(r.replicationStatus()).extracting(ReplicationStatusType::region).containsExactly("ap-northeast-1");
        assertAwsError(() -> replicaClient.getSecretValue(b -> b.secretId(name)), ResourceNotFoundException.class,
                "ResourceNotFoundException", NOT_FOUND);
        assertThat(sm.describeSecret(b -> b.secretId(name)).replicationStatus())
                .extracting(ReplicationStatusType::region).containsExactly("ap-northeast-1");

        var last = sm.removeRegionsFromReplication(b -> b.secretId(name).removeReplicaRegions("ap-northeast-1"));
        assertThat(last.replicationStatus()).isEmpty();
        DescribeSecretResponse d = sm.describeSecret(b -> b.secretId(name));
        assertThat(d.hasReplicationStatus()).isFalse();
        assertThat(d.primaryRegion()).isNull();
        // Without replicas it can be deleted.
        sm.deleteSecret(b -> b.secretId(name).forceDeleteWithoutRecovery(true));
    }

    @Test
    void stopReplicationMakesTheReplicaStandalone() {
        String name = uniqueName("repl-stop");
        String arn = createString(name, "first").arn();
        sm.putSecretValue(b -> b.secretId(name).secretString("second"));
        sm.replicateSecretToRegions(b -> b.secretId(name).addReplicaRegions(region(REPLICA_REGION)));

        var r = replicaClient.stopReplicationToReplica(b -> b.secretId(name));

        assertThat(r.arn()).isEqualTo(replicaArn(arn));
        DescribeSecretResponse standalone = replicaClient.describeSecret(b -> b.secretId(name));
        assertThat(standalone.primaryRegion()).isNull();
        assertThat(replicaClient.getSecretValue(b -> b.secretId(name)).secretString()).isEqualTo("second");
        assertThat(replicaClient.getSecretValue(b -> b.secretId(name).versionStage(PREVIOUS)).secretString())
                .isEqualTo("first");
        assertThat(sm.describeSecret(b -> b.secretId(name)).hasReplicationStatus()).isFalse();

        // The two now live apart: each takes writes, neither sees the other's.
        sm.putSecretValue(b -> b.secretId(name).secretString("primary moves on"));
        replicaClient.putSecretValue(b -> b.secretId(name).secretString("former replica moves on"));
        assertThat(currentValue(name)).isEqualTo("primary moves on");
        assertThat(replicaClient.getSecretValue(b -> b.secretId(name)).secretString())
                .isEqualTo("former replica moves on");
        // And the primary can be deleted without the former replica going with it.
        sm.deleteSecret(b -> b.secretId(name).forceDeleteWithoutRecovery(true));
        assertThat(replicaClient.getSecretValue(b -> b.secretId(name)).secretString())
                .isEqualTo("former replica moves on");
    }

    @Test
    void replicationErrors() {
        String name = uniqueName("repl-errors");
        createString(name, "v");
        assertAwsError(() -> sm.replicateSecretToRegions(b -> b.secretId(name).addReplicaRegions(region(REGION))),
                InvalidParameterException.class, "InvalidParameterException",
                "Invalid replica region: the primary region us-east-1 can't be a replica region.");
        assertAwsError(() -> sm.replicateSecretToRegions(b -> b.secretId(name).addReplicaRegions(region("Mars"))),
                InvalidParameterException.class, "InvalidParameterException", "Invalid replica region.");
        assertAwsError(() -> sm.removeRegionsFromReplication(b -> b.secretId(name).removeReplicaRegions("eu-west-3")),
                InvalidParameterException.class, "InvalidParameterException",
                "The secret is not replicated to region eu-west-3.");
        assertAwsError(() -> sm.stopReplicationToReplica(b -> b.secretId(name)), InvalidRequestException.class,
                "InvalidRequestException", "The secret " + name + " is not a replica secret.");
        assertAwsError(() -> sm.replicateSecretToRegions(b -> b.secretId(uniqueName("nobody"))
                        .addReplicaRegions(region(REPLICA_REGION))), ResourceNotFoundException.class,
                "ResourceNotFoundException", NOT_FOUND);
    }

    @Test
    void aNameTakenInTheTargetRegionFailsThatRegion() {
        String name = uniqueName("repl-taken");
        createString(name, "primary");
        replicaClient.createSecret(b -> b.name(name).secretString("local"));

        var r = sm.replicateSecretToRegions(b -> b.secretId(name).addReplicaRegions(region(REPLICA_REGION)));

        assertThat(r.replicationStatus()).singleElement().satisfies(s -> {
            assertThat(s.status()).isEqualTo(StatusType.FAILED);
            assertThat(s.statusMessage()).isEqualTo("Replication failed: Secret name " + name
                    + " already exists in region " + REPLICA_REGION + ".");
        });
        assertThat(replicaClient.getSecretValue(b -> b.secretId(name)).secretString()).isEqualTo("local");
    }

    // ------------------------------------------------------------------ rotation

    @Test
    void rotateSecretIsExplicitlyNotImplemented() {
        String name = uniqueName("rotate");
        String v1 = createString(name, "v").versionId();

        assertAwsError(() -> sm.rotateSecret(b -> b.secretId(name)
                        .rotationLambdaARN("arn:aws:lambda:us-east-1:000000000000:function:rotate")
                        .rotationRules(rr -> rr.automaticallyAfterDays(30L))), InvalidRequestException.class,
                "InvalidRequestException", "Homeport does not run rotation yet: RotateSecret would need to invoke "
                        + "the rotation function, which this version cannot do. The rotation settings were not changed.");
        DescribeSecretResponse d = sm.describeSecret(b -> b.secretId(name));
        assertThat(d.rotationEnabled()).isNull();
        assertThat(d.rotationLambdaARN()).isNull();
        assertThat(d.versionIdsToStages()).containsOnlyKeys(v1);
        assertAwsError(() -> sm.rotateSecret(b -> b.secretId(uniqueName("nobody"))), ResourceNotFoundException.class,
                "ResourceNotFoundException", NOT_FOUND);
    }

    @Test
    void cancelRotateSecretOnASecretNeverSetUpForRotationIsRefused() {
        String name = uniqueName("cancel-rotate");
        createString(name, "v");
        assertAwsError(() -> sm.cancelRotateSecret(b -> b.secretId(name)), InvalidRequestException.class,
                "InvalidRequestException", "You tried to enable rotation on a secret that doesn't already have a "
                        + "Lambda function ARN configured and you didn't include such an ARN as a parameter in this "
                        + "call.");
        assertThat(sm.describeSecret(b -> b.secretId(name)).rotationEnabled()).isNull();
        assertAwsError(() -> sm.cancelRotateSecret(b -> b.secretId(uniqueName("nobody"))),
                ResourceNotFoundException.class, "ResourceNotFoundException", NOT_FOUND);
    }

    @Test
    void cancelRotateSecretTurnsRotationOffAndReportsALeftoverPendingVersion() {
        String name = uniqueName("cancel-pending");
        String arn = createString(name, "v").arn();
        String pending = token();
        sm.putSecretValue(b -> b.secretId(name).clientRequestToken(pending).secretString("next")
                .versionStages(PENDING));
        // Rotation as RotateSecret would have set it up (Homeport does not run rotation functions yet).
        String lambda = "arn:aws:lambda:us-east-1:000000000000:function:rotate";
        server.homeport().secretRepository().updateSecret(arn, s -> s.toBuilder()
                .rotation(new RotationSettings(true, lambda, RotationRules.NONE, null, null)).build());
        assertThat(sm.describeSecret(b -> b.secretId(name)).rotationEnabled()).isTrue();

        CancelRotateSecretResponse r = sm.cancelRotateSecret(b -> b.secretId(name));

        assertThat(r.arn()).isEqualTo(arn);
        assertThat(r.versionId()).isEqualTo(pending);
        DescribeSecretResponse d = sm.describeSecret(b -> b.secretId(name));
        assertThat(d.rotationEnabled()).isFalse();
        assertThat(d.rotationLambdaARN()).isEqualTo(lambda);
        // The label stays where it was; the caller removes it.
        assertThat(d.versionIdsToStages().get(pending)).containsExactly(PENDING);
    }

    @Test
    void replicaReadsGoThroughBatchGetToo() {
        String name = uniqueName("repl-batch");
        createString(name, "batched");
        sm.replicateSecretToRegions(b -> b.secretId(name).addReplicaRegions(region(REPLICA_REGION)));
        assertThat(replicaClient.batchGetSecretValue(b -> b.secretIdList(name)).secretValues())
                .singleElement().satisfies(e -> assertThat(e.secretString()).isEqualTo("batched"));
        assertThat(replicaClient.listSecretVersionIds(b -> b.secretId(name)).versions()).hasSize(1);
        assertThat(replicaClient.describeSecret(b -> b.secretId(name)).versionIdsToStages().values())
                .containsExactly(List.of(CURRENT));
    }
}

package dev.homeport.ecs;

import dev.homeport.ecs.ServiceStore.StoredService;
import dev.homeport.ecs.model.Deployment;
import dev.homeport.ecs.model.DeploymentConfiguration;
import dev.homeport.ecs.model.DeploymentStatus;
import dev.homeport.ecs.model.RolloutState;
import dev.homeport.ecs.model.Service;
import dev.homeport.ecs.model.ServiceEvent;
import dev.homeport.ecs.model.ServiceStatus;
import dev.homeport.store.Database;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The service store, run against every database ({@link #open}): a service and its deployments read back as written,
 * a name taken while ACTIVE or DRAINING, writes that name a stale version refused (the API and the scheduler both
 * write), listing by cluster, and the purge of INACTIVE services.
 */
abstract class ServiceStoreContract {
    static final String CLUSTER = EcsArns.cluster("us-east-1", "000000000000", "c");
    static final Instant T = Instant.parse("2026-12-04T10:00:00.123Z");

    Database db;
    ServiceStore store;
    Path dir;

    abstract Database open(Path dir) throws Exception;

    @BeforeEach
    void setUp() throws Exception {
        dir = Files.createTempDirectory("service-store");
        db = open(dir);
        store = new JdbcServiceStore(db);
    }

    @AfterEach
    void tearDown() throws Exception {
        db.close();
        dev.homeport.testing.HomeportServer.deleteRecursively(dir);
    }

    static Service service(String name, ServiceStatus status) {
        Deployment d = new Deployment("ecs-svc/0000000000000000042", DeploymentStatus.PRIMARY,
                "arn:aws:ecs:us-east-1:000000000000:task-definition/web:1", 2, null, null, 0, T, T, "FARGATE", "1.4.0",
                "Linux", null, RolloutState.IN_PROGRESS, "ECS deployment ecs-svc/0000000000000000042 in progress.");
        return Service.builder().serviceArn(EcsArns.service("us-east-1", "000000000000", "c", name)).serviceName(name)
                .clusterArn(CLUSTER).status(status).desiredCount(2).taskDefinition(d.taskDefinition())
                .deploymentConfiguration(DeploymentConfiguration.defaults()).deployments(List.of(d))
                .events(List.of(new ServiceEvent("e1", T, "(service " + name + ") has reached a steady state.")))
                .createdAt(T).build();
    }

    @Test
    void aServiceReadsBackAsWrittenAndItsNameIsTakenUntilInactive() {
        Service web = service("web", ServiceStatus.ACTIVE);
        assertThat(store.create(new StoredService(web, 1, null, "token-1"))).isEmpty();
        StoredService read = store.service(web.serviceArn()).orElseThrow();
        assertThat(read.service()).isEqualTo(web);
        assertThat(read.version()).isEqualTo(1);
        assertThat(read.clientToken()).isEqualTo("token-1");
        assertThat(read.rollbackTo()).isNull();

        // Taken while ACTIVE (and DRAINING): the existing one comes back, nothing is written.
        assertThat(store.create(new StoredService(service("web", ServiceStatus.ACTIVE), 1, null, null)))
                .hasValueSatisfying(existing -> assertThat(existing.clientToken()).isEqualTo("token-1"));
        assertThat(store.update(read.with(web.with(b -> b.status(ServiceStatus.DRAINING))))).isTrue();
        assertThat(store.create(new StoredService(web, 1, null, null))).isPresent();
        StoredService draining = store.service(web.serviceArn()).orElseThrow();
        assertThat(store.update(draining.with(web.with(b -> b.status(ServiceStatus.INACTIVE))))).isTrue();
        // An INACTIVE service's name is free again.
        assertThat(store.create(new StoredService(web, 1, null, "token-2"))).isEmpty();
        assertThat(store.service(web.serviceArn()).orElseThrow().clientToken()).isEqualTo("token-2");
    }

    @Test
    void aWriteOfAStaleVersionIsRefused() {
        Service web = service("web", ServiceStatus.ACTIVE);
        store.create(new StoredService(web, 1, null, null));
        StoredService api = store.service(web.serviceArn()).orElseThrow();
        StoredService scheduler = store.service(web.serviceArn()).orElseThrow();
        Deployment done = web.primary().withRollout(RolloutState.COMPLETED, "done", T);
        assertThat(store.update(scheduler.with(web.with(b -> b.deployments(List.of(done)))).withRollbackTo(done)))
                .isTrue();
        // The API read before the scheduler wrote: its write is refused, and it reads again.
        assertThat(store.update(api.with(web.with(b -> b.desiredCount(5))))).isFalse();
        StoredService again = store.service(web.serviceArn()).orElseThrow();
        assertThat(again.version()).isEqualTo(2);
        assertThat(again.rollbackTo()).isEqualTo(done);
        assertThat(store.update(again.with(again.service().with(b -> b.desiredCount(5))))).isTrue();
        assertThat(store.service(web.serviceArn()).orElseThrow().service().desiredCount()).isEqualTo(5);
    }

    @Test
    void servicesAreListedByClusterAndInactiveOnesPurged() {
        for (String name : List.of("b", "a", "c", "d")) {
            store.create(new StoredService(service(name, ServiceStatus.ACTIVE), 1, null, null));
        }
        StoredService c = store.service(EcsArns.service("us-east-1", "000000000000", "c", "c")).orElseThrow();
        store.update(c.with(c.service().with(b -> b.status(ServiceStatus.INACTIVE))));
        StoredService d = store.service(EcsArns.service("us-east-1", "000000000000", "c", "d")).orElseThrow();
        store.update(d.with(d.service().with(b -> b.status(ServiceStatus.DRAINING))));
        assertThat(store.list(CLUSTER, null, 10)).extracting(s -> s.service().serviceName()).containsExactly("a", "b");
        assertThat(store.list(CLUSTER, EcsArns.service("us-east-1", "000000000000", "c", "a"), 10))
                .extracting(s -> s.service().serviceName()).containsExactly("b");
        assertThat(store.list(EcsArns.cluster("us-east-1", "000000000000", "other"), null, 10)).isEmpty();
        assertThat(store.countActive(CLUSTER)).isEqualTo(2);
        // The scheduler still looks after a DRAINING service; ListServices no longer shows it.
        assertThat(store.live()).extracting(s -> s.service().serviceName()).containsExactly("a", "b", "d");

        assertThat(store.purgeInactive(Instant.now().minusSeconds(3600))).isZero();
        assertThat(store.purgeInactive(Instant.now().plusSeconds(1))).isEqualTo(1);
        assertThat(store.service(c.service().serviceArn())).isEmpty();
    }
}

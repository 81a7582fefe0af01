package dev.homeport.ecs;

import dev.homeport.ecs.model.Deployment;
import dev.homeport.ecs.model.Service;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Where ECS keeps services. Two writers change a service, the API (UpdateService, DeleteService) and the scheduler
 * (deployments' progress, events), so every write names the version it read and fails if the row moved on: the
 * writer reads again and retries ({@link #update}).
 *
 * <p>Contract, for every implementation: thread-safe; lookups of something missing return empty; services are keyed
 * by ARN (which carries the region, account and cluster); timestamps are kept to the millisecond.
 */
public interface ServiceStore {

    /**
     * A service as stored: the service (without counts and tags), the version of its row, the deployment a circuit
     * breaker's rollback returns to (the last one that completed; null before any did), and the clientToken of the
     * CreateService that made it (or null).
     */
    record StoredService(Service service, long version, Deployment rollbackTo, String clientToken) {
        public StoredService with(Service changed) {
            return new StoredService(changed, version, rollbackTo, clientToken);
        }

        public StoredService withRollbackTo(Deployment deployment) {
            return new StoredService(service, version, deployment, clientToken);
        }
    }

    Optional<StoredService> service(String arn);

    /**
     * Stores a new service (version 1) unless an ACTIVE or DRAINING service has its ARN: then nothing is stored and
     * that one is returned. An INACTIVE service of the same ARN is replaced.
     */
    Optional<StoredService> create(StoredService service);

    /** Writes {@code next} if the row's version is still {@code next.version()}, incrementing it; false otherwise. */
    boolean update(StoredService next);

    /** ACTIVE services of a cluster (the ones ListServices lists), ordered by ARN, after {@code afterArn}. */
    List<StoredService> list(String clusterArn, String afterArn, int limit);

    /** Number of ACTIVE services of a cluster (DescribeClusters' activeServicesCount; DeleteCluster refuses with any). */
    int countActive(String clusterArn);

    /** Every ACTIVE or DRAINING service, in every account: what the scheduler looks after. */
    List<StoredService> live();

    /** Deletes INACTIVE services that became so before {@code before}; returns how many. */
    int purgeInactive(Instant before);
}

package dev.homeport.ecs;

class InMemoryEcsRepositoryTest extends EcsRepositoryContract {
    private final EcsRepository repository = new InMemoryEcsRepository();

    @Override
    EcsRepository repository() {
        return repository;
    }
}

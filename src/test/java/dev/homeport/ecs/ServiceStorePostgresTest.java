package dev.homeport.ecs;

import dev.homeport.store.Database;
import dev.homeport.testing.TestPostgres;

import java.nio.file.Path;

class ServiceStorePostgresTest extends ServiceStoreContract {
    @Override
    Database open(Path dir) {
        return TestPostgres.open();
    }
}

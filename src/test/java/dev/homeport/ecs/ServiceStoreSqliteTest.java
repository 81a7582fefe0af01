package dev.homeport.ecs;

import dev.homeport.store.Database;

import java.nio.file.Path;

class ServiceStoreSqliteTest extends ServiceStoreContract {
    @Override
    Database open(Path dir) {
        return Database.open(Database.defaultUrl(dir));
    }
}

package dev.homeport.ecr;

import dev.homeport.store.Database;

import java.nio.file.Path;

class EcrStoreSqliteTest extends EcrStoreContract {
    @Override
    Database open(Path dir) {
        return Database.open(Database.defaultUrl(dir));
    }
}

package dev.homeport.ssm;

import dev.homeport.store.Database;

import java.nio.file.Path;

class SsmStoreSqliteTest extends SsmStoreContract {
    @Override
    Database open(Path dir) {
        return Database.open(Database.defaultUrl(dir));
    }
}

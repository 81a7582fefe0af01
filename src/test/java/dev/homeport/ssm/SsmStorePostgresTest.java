package dev.homeport.ssm;

import dev.homeport.store.Database;
import dev.homeport.testing.TestPostgres;

import java.nio.file.Path;

class SsmStorePostgresTest extends SsmStoreContract {
    @Override
    Database open(Path dir) {
        return TestPostgres.open();
    }
}

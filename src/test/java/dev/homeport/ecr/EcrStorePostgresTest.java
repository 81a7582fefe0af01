package dev.homeport.ecr;

import dev.homeport.store.Database;
import dev.homeport.testing.TestPostgres;

import java.nio.file.Path;

class EcrStorePostgresTest extends EcrStoreContract {
    @Override
    Database open(Path dir) {
        return TestPostgres.open();
    }
}

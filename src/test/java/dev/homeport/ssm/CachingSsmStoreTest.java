package dev.homeport.ssm;

import dev.homeport.store.Database;

import java.nio.file.Path;

/** The contract again with the read cache in front: every read after a write sees the write. */
class CachingSsmStoreTest extends SsmStoreContract {
    @Override
    Database open(Path dir) {
        return Database.open(Database.defaultUrl(dir));
    }

    @Override
    SsmStore store(Database db) {
        return new CachingSsmStore(new JdbcSsmStore(db));
    }
}

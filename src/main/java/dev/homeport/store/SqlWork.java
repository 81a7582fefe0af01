package dev.homeport.store;

import java.sql.Connection;
import java.sql.SQLException;

/** Work done with a connection inside a transaction. Must not commit, roll back or close it. */
@FunctionalInterface
public interface SqlWork<T> {
    T run(Connection connection) throws SQLException;
}

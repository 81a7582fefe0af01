package dev.homeport.secretsmanager;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;

/**
 * Column conversions shared by the row mappers: dates are stored as epoch millis / epoch days (see
 * V1__secretsmanager.sql), and a NULL must stay null rather than read as 0. Parameters are bound by
 * {@link dev.homeport.store.Sql}.
 */
final class Jdbc {
    private Jdbc() {}

    static Long bigint(ResultSet rs, String col) throws SQLException {
        long v = rs.getLong(col);
        return rs.wasNull() ? null : v;
    }

    static Instant instant(ResultSet rs, String col) throws SQLException {
        Long v = bigint(rs, col);
        return v == null ? null : Instant.ofEpochMilli(v);
    }

    static LocalDate day(ResultSet rs, String col) throws SQLException {
        Long v = bigint(rs, col);
        return v == null ? null : LocalDate.ofEpochDay(v);
    }
}

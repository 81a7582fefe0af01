package dev.homeport.secretsmanager;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;

/**
 * Column conversions shared by the row mappers. Explicit {@code setNull} with a type because PostgreSQL
 * rejects untyped nulls; dates as epoch millis / epoch days (see V1__secretsmanager.sql).
 */
final class Jdbc {
    private Jdbc() {}

    static void text(PreparedStatement ps, int i, String v) throws SQLException {
        if (v == null) ps.setNull(i, Types.VARCHAR); else ps.setString(i, v);
    }

    static void bigint(PreparedStatement ps, int i, Long v) throws SQLException {
        if (v == null) ps.setNull(i, Types.BIGINT); else ps.setLong(i, v);
    }

    static void instant(PreparedStatement ps, int i, Instant v) throws SQLException {
        bigint(ps, i, v == null ? null : v.toEpochMilli());
    }

    static void day(PreparedStatement ps, int i, LocalDate v) throws SQLException {
        bigint(ps, i, v == null ? null : v.toEpochDay());
    }

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

    /** Binds {@code params} in order; each is a String, Long, Integer or Instant. */
    static void bind(PreparedStatement ps, Object... params) throws SQLException {
        for (int i = 0; i < params.length; i++) {
            Object p = params[i];
            switch (p) {
                case String s -> ps.setString(i + 1, s);
                case Long l -> ps.setLong(i + 1, l);
                case Integer n -> ps.setInt(i + 1, n);
                case Instant t -> ps.setLong(i + 1, t.toEpochMilli());
                default -> throw new IllegalArgumentException("unsupported parameter " + p);
            }
        }
    }
}

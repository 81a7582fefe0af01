package dev.homeport.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Prepares, binds, runs and reads one statement on a connection from {@link Transactions}, so the
 * stores' code shows only their SQL and how a row becomes a value. Statements and result sets are
 * closed before returning. {@link SQLException} propagates unchanged: {@link Transactions} wraps it,
 * and a store can still look at its SQL state first (a unique violation, say).
 *
 * <p>Parameters are bound by their Java type, the same way on SQLite and PostgreSQL:
 * <ul>
 *   <li>{@code String}, {@code Long}, {@code Integer}, {@code byte[]}: as themselves;</li>
 *   <li>{@code Instant}: epoch milliseconds, {@code LocalDate}: epoch days (the schema stores times
 *       as {@code BIGINT}, which both databases compare and sort alike);</li>
 *   <li>{@code null}: a VARCHAR NULL. PostgreSQL will not put a VARCHAR NULL in a number column:
 *       there use {@link #nullable}, which gives the null its column's type.</li>
 * </ul>
 */
public final class Sql {
    private Sql() {
    }

    /** Turns the current row into a value. */
    @FunctionalInterface
    public interface RowMapper<T> {
        T map(ResultSet rs) throws SQLException;
    }

    /** Takes in the current row, for results gathered into something other than a list. */
    @FunctionalInterface
    public interface RowReader {
        void read(ResultSet rs) throws SQLException;
    }

    /** Every row, mapped, in the order the query returns them. */
    public static <T> List<T> query(Connection c, String sql, RowMapper<T> mapper, Object... params)
            throws SQLException {
        List<T> rows = new ArrayList<>();
        forEach(c, sql, rs -> rows.add(mapper.map(rs)), params);
        return rows;
    }

    /** The first row, mapped; empty when there is none (or the mapper returns null). */
    public static <T> Optional<T> queryOne(Connection c, String sql, RowMapper<T> mapper, Object... params)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, params);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.ofNullable(mapper.map(rs)) : Optional.empty();
            }
        }
    }

    /** Hands every row to {@code reader}, in the order the query returns them. */
    public static void forEach(Connection c, String sql, RowReader reader, Object... params) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, params);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    reader.read(rs);
                }
            }
        }
    }

    /** Runs an INSERT, UPDATE or DELETE; returns how many rows it changed. */
    public static int update(Connection c, String sql, Object... params) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, params);
            return ps.executeUpdate();
        }
    }

    /** Runs {@code sql} once per parameter row, as one JDBC batch (one round trip on PostgreSQL). */
    public static void batch(Connection c, String sql, List<Object[]> rows) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (Object[] row : rows) {
                bind(ps, row);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /**
     * {@code value} as a parameter, or when it is null a NULL of {@code sqlType} (a {@link Types}
     * constant), for a column that is not text.
     */
    /**
     * A row id chosen by Homeport: a random positive 63-bit number (no vendor-specific auto-increment, so the same SQL
     * runs on SQLite and PostgreSQL; collisions are left to the primary key, at odds of one in 2^63).
     */
    public static long randomId() {
        long id;
        do {
            id = java.util.concurrent.ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE;
        } while (id == 0);
        return id;
    }

    public static Object nullable(Object value, int sqlType) {
        return value == null ? new TypedNull(sqlType) : value;
    }

    private record TypedNull(int sqlType) {
    }

    /** Binds {@code params} to parameters 1, 2, ... (see the class comment for the types). */
    public static void bind(PreparedStatement ps, Object... params) throws SQLException {
        for (int i = 0; i < params.length; i++) {
            int at = i + 1;
            switch (params[i]) {
                case null -> ps.setNull(at, Types.VARCHAR);
                case TypedNull n -> ps.setNull(at, n.sqlType());
                case String s -> ps.setString(at, s);
                case Long l -> ps.setLong(at, l);
                case Integer n -> ps.setInt(at, n);
                case byte[] b -> ps.setBytes(at, b);
                case Instant t -> ps.setLong(at, t.toEpochMilli());
                case LocalDate d -> ps.setLong(at, d.toEpochDay());
                default -> throw new IllegalArgumentException("unsupported parameter type " + params[i].getClass());
            }
        }
    }
}

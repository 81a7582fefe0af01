package dev.homeport.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class SqlTest {
    /** The setter calls {@link Sql#bind} makes: which setter and type matters to PostgreSQL, not just the value. */
    private static List<String> bound(Object... params) throws SQLException {
        List<String> calls = new ArrayList<>();
        PreparedStatement ps = (PreparedStatement) Proxy.newProxyInstance(SqlTest.class.getClassLoader(),
                new Class<?>[] {PreparedStatement.class}, (proxy, method, args) -> {
                    Object value = args[1] instanceof byte[] b ? Arrays.toString(b) : args[1];
                    calls.add(method.getName() + "(" + args[0] + ", " + value + ")");
                    return null;
                });
        Sql.bind(ps, params);
        return calls;
    }

    @Test
    void bindsEachJavaTypeWithItsSetter() throws SQLException {
        assertThat(bound("a", 7L, 3, new byte[] {1, 2}, Instant.ofEpochMilli(1234), LocalDate.ofEpochDay(20000)))
                .containsExactly("setString(1, a)", "setLong(2, 7)", "setInt(3, 3)", "setBytes(4, [1, 2])",
                        "setLong(5, 1234)", "setLong(6, 20000)");
    }

    @Test
    void aBareNullIsVarcharAndANullableOneHasItsColumnType() throws SQLException {
        assertThat(bound(null, Sql.nullable(null, Types.BIGINT), Sql.nullable(null, Types.INTEGER)))
                .containsExactly("setNull(1, " + Types.VARCHAR + ")", "setNull(2, " + Types.BIGINT + ")",
                        "setNull(3, " + Types.INTEGER + ")");
        assertThat(bound(Sql.nullable(Instant.ofEpochMilli(5), Types.BIGINT))).containsExactly("setLong(1, 5)");
    }

    @Test
    void refusesTypesItDoesNotKnow() {
        assertThatThrownBy(() -> bound(1.5)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void queriesUpdatesAndBatchesOnARealDatabase() throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite::memory:")) {
            Sql.update(c, "CREATE TABLE t (k TEXT PRIMARY KEY, v BIGINT)");
            Sql.batch(c, "INSERT INTO t (k, v) VALUES (?, ?)",
                    List.of(new Object[] {"a", 1L}, new Object[] {"b", Sql.nullable(null, Types.BIGINT)}));

            assertThat(Sql.update(c, "UPDATE t SET v = v + ? WHERE v IS NOT NULL", 10L)).isEqualTo(1);
            assertThat(Sql.query(c, "SELECT k FROM t ORDER BY k", rs -> rs.getString(1))).containsExactly("a", "b");
            assertThat(Sql.queryOne(c, "SELECT v FROM t WHERE k = ?", rs -> rs.getLong(1), "a")).contains(11L);
            assertThat(Sql.queryOne(c, "SELECT v FROM t WHERE k = ?", rs -> rs.getLong(1), "z")).isEmpty();
            List<String> seen = new ArrayList<>();
            Sql.forEach(c, "SELECT k FROM t WHERE v IS NULL", rs -> seen.add(rs.getString(1)));
            assertThat(seen).containsExactly("b");
        }
    }
}

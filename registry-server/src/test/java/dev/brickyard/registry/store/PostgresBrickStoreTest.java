package dev.brickyard.registry.store;

import static org.junit.jupiter.api.Assertions.fail;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;

/**
 * {@link BrickStoreContract} on PostgreSQL 15, the database for shared deployments. The server comes from
 * {@value #URL_VARIABLE} (with {@code _USER} and {@code _PASSWORD}), which {@code .ci/run} sets after starting a
 * local PostgreSQL. Each test runs in a schema of its own, created empty and dropped afterwards, so runs never see
 * each other's rows. Without the variable the suite is skipped on a workstation and fails on CI ({@code CI=true}),
 * where skipping would hide that PostgreSQL went untested.
 */
class PostgresBrickStoreTest extends BrickStoreContract {
    static final String URL_VARIABLE = "BRICKYARD_TEST_POSTGRES_URL";

    private static String url;
    private static String user;
    private static String password;

    private String schema;

    @BeforeAll
    static void requirePostgresOnCi() {
        url = System.getenv(URL_VARIABLE);
        user = System.getenv("BRICKYARD_TEST_POSTGRES_USER");
        password = System.getenv("BRICKYARD_TEST_POSTGRES_PASSWORD");
        if (missing() && "true".equalsIgnoreCase(System.getenv("CI"))) {
            fail(URL_VARIABLE + " is not set: CI must run the PostgreSQL suite; .ci/run starts a PostgreSQL and "
                    + "sets it");
        }
    }

    @Override
    protected void createEmptyDatabase() throws SQLException {
        // Skipped per test rather than per class, so that every skipped test shows in the report.
        Assumptions.assumeFalse(missing(), () -> URL_VARIABLE + " is not set (e.g. "
                + "jdbc:postgresql://127.0.0.1:5432/brickyard_test, with BRICKYARD_TEST_POSTGRES_USER and _PASSWORD)");
        schema = "brickyard_test_" + UUID.randomUUID().toString().replace("-", "");
        execute("CREATE SCHEMA " + schema);
    }

    @Override
    protected Database openDatabase() {
        return Database.open(url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema, user, password);
    }

    @Override
    protected void dropDatabase() throws SQLException {
        if (schema != null) {
            execute("DROP SCHEMA " + schema + " CASCADE");
        }
    }

    private static boolean missing() {
        return url == null || url.isBlank();
    }

    private static void execute(String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(url, user, password);
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}

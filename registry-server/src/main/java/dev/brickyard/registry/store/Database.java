package dev.brickyard.registry.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * A pooled connection to the registry database, migrated to the current schema when opened. H2 in file mode is
 * the embedded default; a {@code jdbc:postgresql:} URL selects PostgreSQL.
 */
public final class Database implements AutoCloseable {
    private final HikariDataSource pool;
    private final String url;

    private Database(HikariDataSource pool, String url) {
        this.pool = pool;
        this.url = url;
    }

    /**
     * The default: an H2 database file under the data folder. {@code WRITE_DELAY=0} hands every commit to the
     * operating system before the commit returns; H2's default delays it by up to a second, so a registry killed
     * right after answering 201 would lose a version it had acknowledged.
     */
    public static String h2Url(Path dataFolder) {
        return "jdbc:h2:file:" + dataFolder.toAbsolutePath().resolve("registry") + ";DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0";
    }

    /**
     * Opens a pool and runs the migrations.
     *
     * @param user may be null when the URL carries it (or for H2)
     */
    public static Database open(String url, String user, String password) {
        if (!url.startsWith("jdbc:h2:") && !url.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException("unsupported database URL '" + url
                    + "': use jdbc:h2:... or jdbc:postgresql://host/db");
        }
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        if (user != null) {
            config.setUsername(user);
        }
        if (password != null) {
            config.setPassword(password);
        }
        config.setMaximumPoolSize(16);
        config.setPoolName("brickyard-registry");
        config.setAutoCommit(true);
        HikariDataSource pool = new HikariDataSource(config);
        try {
            // Out of order: migrations are written on parallel branches, so a database may have taken V4 before V3
            // exists; when V3 arrives it is applied then instead of failing validation. Each migration stands alone.
            Flyway.configure().dataSource(pool).locations("classpath:db/migration").outOfOrder(true).load()
                    .migrate();
            return new Database(pool, url);
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
    }

    public DataSource dataSource() {
        return pool;
    }

    /** The URL without credentials, for logs. */
    public String url() {
        return url.replaceAll("password=[^;&]*", "password=***");
    }

    @Override
    public void close() {
        pool.close();
    }
}

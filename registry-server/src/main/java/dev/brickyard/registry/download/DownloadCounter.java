package dev.brickyard.registry.download;

import dev.brickyard.registry.store.BrickStore;
import dev.brickyard.registry.store.VersionRecord;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HexFormat;

/**
 * Counts a download once per client, version and UTC day, however many requests (or byte ranges) the client sends:
 * the store refuses a second row for the same client, version and day, in the database, so several registry
 * processes on one database count a client once between them.
 *
 * <p>No address or token is stored. A client is stored as the hex SHA-256 of the day's salt and its
 * {@link DownloadClient#name()}. The salt is 32 random bytes per UTC day, kept in the database so that every process
 * names a client alike, and deleted with that day's rows: the first count of a day in each process forgets the rows
 * and salts of the days before yesterday, so no trace of a download outlives the next day. While a day's salt
 * exists, whoever holds the database can still test a guessed address against that day's rows (IPv4 has only 2³²
 * addresses); the salt keeps the rows of different days, and of different registries, unrelated.
 */
public final class DownloadCounter {
    private static final int SALT_BYTES = 32;

    private final BrickStore store;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private volatile DaySalt current;

    /** The salt of one UTC day. */
    private record DaySalt(LocalDate day, byte[] salt) {
    }

    /** @param clock says what day it is (in UTC) */
    public DownloadCounter(BrickStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /**
     * Counts a download of {@code version} by {@code client} unless it was counted today.
     *
     * @return whether the download was counted
     */
    public boolean count(VersionRecord version, DownloadClient client) {
        DaySalt today = today();
        return store.countDownload(version.brick(), version.version(), hash(today.salt(), client), today.day());
    }

    private DaySalt today() {
        LocalDate day = clock.instant().atZone(ZoneOffset.UTC).toLocalDate();
        DaySalt known = current;
        if (known != null && known.day().equals(day)) {
            return known;
        }
        synchronized (this) {
            if (current == null || !current.day().equals(day)) {
                store.forgetDownloadsBefore(day.minusDays(1));
                byte[] fresh = new byte[SALT_BYTES];
                random.nextBytes(fresh);
                String salt = store.downloadSalt(day, HexFormat.of().formatHex(fresh));
                current = new DaySalt(day, HexFormat.of().parseHex(salt));
            }
            return current;
        }
    }

    private static String hash(byte[] salt, DownloadClient client) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            sha256.update(salt);
            return HexFormat.of().formatHex(sha256.digest(client.name().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}

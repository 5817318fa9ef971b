package dev.brickyard.registry.blob;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The contract of {@link BlobStore}, run against every implementation (one subclass each), like distribution's
 * {@code registry/storage/driver/testsuites}: bytes are hashed as they arrive, capped, visible only after commit,
 * and found by a well-formed digest only.
 */
abstract class BlobStoreContract {

    /** A store over the test's storage; called again, it reaches the same storage, as a restarted registry does. */
    protected abstract BlobStore openStore() throws IOException;

    @Test
    void stagingHashesAndCountsTheBytesReceived() throws IOException {
        BlobStore store = openStore();
        byte[] bytes = randomBytes(200_000, 1);

        StagedBlob staged = store.stage(new ByteArrayInputStream(bytes), bytes.length);

        assertEquals(digestOf(bytes), staged.digest());
        assertEquals(bytes.length, staged.size());
        assertArrayEquals(bytes, Files.readAllBytes(staged.file()), "the staging file holds exactly the bytes");
        assertEquals(Optional.empty(), store.find(staged.digest()), "staged bytes are not visible");
    }

    @Test
    void anEmptyUploadHasTheDigestOfNoBytes() throws IOException {
        StagedBlob staged = openStore().stage(new ByteArrayInputStream(new byte[0]), 10);

        assertEquals("sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", staged.digest());
        assertEquals(0, staged.size());
    }

    @Test
    void anUploadOfExactlyTheLimitIsAccepted() throws IOException {
        byte[] bytes = randomBytes(100_000, 2);

        StagedBlob staged = openStore().stage(new ByteArrayInputStream(bytes), bytes.length);

        assertEquals(digestOf(bytes), staged.digest());
    }

    @Test
    void anUploadPastTheLimitIsRefusedAndItsStagedBytesAreDeleted() throws IOException {
        BlobStore store = openStore();
        byte[] bytes = randomBytes(100_001, 3);

        BlobTooLargeException refused = assertThrows(BlobTooLargeException.class,
                () -> store.stage(new ByteArrayInputStream(bytes), 100_000));

        assertTrue(refused.getMessage().contains("100000"), refused.getMessage());
        assertEquals(List.of(), stagingFiles(), "no staged bytes are left behind");
        assertEquals(List.of(), committedFiles());
        assertEquals(Optional.empty(), store.find(digestOf(bytes)));
    }

    @Test
    void anUploadThatBreaksOffLeavesNothingBehind() throws IOException {
        BlobStore store = openStore();
        InputStream breaksOff = new InputStream() {
            private int sent;

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0];
            }

            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                if (sent >= 70_000) {
                    throw new IOException("connection reset");
                }
                int n = Math.min(length, 70_000 - sent);
                Arrays.fill(buffer, offset, offset + n, (byte) 'x');
                sent += n;
                return n;
            }
        };

        IOException failure = assertThrows(IOException.class, () -> store.stage(breaksOff, 1_000_000));

        assertEquals("connection reset", failure.getMessage());
        assertEquals(List.of(), stagingFiles());
        assertEquals(List.of(), committedFiles());
    }

    @Test
    void aCommittedBlobIsFoundWithItsBytes() throws IOException {
        BlobStore store = openStore();
        byte[] bytes = randomBytes(300_000, 4);
        StagedBlob staged = store.stage(new ByteArrayInputStream(bytes), bytes.length);

        store.commit(staged);

        Path found = store.find(digestOf(bytes)).orElseThrow();
        assertArrayEquals(bytes, Files.readAllBytes(found));
        assertFalse(Files.exists(staged.file()), "the staging file became the blob");
        store.discard(staged);
        assertArrayEquals(bytes, Files.readAllBytes(store.find(digestOf(bytes)).orElseThrow()),
                "discarding after a commit leaves the blob alone");
    }

    @Test
    void committingTheSameBytesTwiceKeepsOneBlob() throws IOException {
        BlobStore store = openStore();
        byte[] bytes = "the same bundle, uploaded twice".getBytes(StandardCharsets.UTF_8);
        StagedBlob first = store.stage(new ByteArrayInputStream(bytes), 1000);
        StagedBlob second = store.stage(new ByteArrayInputStream(bytes), 1000);

        store.commit(first);
        store.commit(second);

        assertEquals(first.digest(), second.digest());
        assertArrayEquals(bytes, Files.readAllBytes(store.find(first.digest()).orElseThrow()));
        assertFalse(Files.exists(second.file()), "the duplicate staging file is gone");
        assertEquals(List.of(), stagingFiles());
    }

    @Test
    void discardDeletesStagedBytes() throws IOException {
        BlobStore store = openStore();
        StagedBlob staged = store.stage(new ByteArrayInputStream(new byte[] {1, 2, 3}), 10);

        store.discard(staged);

        assertFalse(Files.exists(staged.file()));
        assertEquals(Optional.empty(), store.find(staged.digest()));
        store.discard(staged);
    }

    @Test
    void anUnknownDigestIsNotFound() throws IOException {
        assertEquals(Optional.empty(), openStore().find(digestOf("never uploaded".getBytes(StandardCharsets.UTF_8))));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "sha256:", "sha256", "abc", "sha512:00",
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
        "SHA256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
        "sha256:E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855",
        "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b85",
        "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b8555",
        "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b85g",
        "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855\n",
        " sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
        "sha256:../../../../../../../../../../../../../../../../../../../etc/passwd",
        "sha256:e3/../../../../staging/e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934c"})
    void malformedDigestsAreNeverFound(String digest) throws IOException {
        BlobStore store = openStore();
        store.commit(store.stage(new ByteArrayInputStream(new byte[0]), 10));

        assertEquals(Optional.empty(), store.find(digest));
        assertTrue(store.find("sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855").isPresent(),
                "the well-formed digest of the same blob is found");
    }

    @Test
    void committedBlobsOutliveTheStoreAndStagedOnesDoNot() throws IOException {
        BlobStore store = openStore();
        byte[] kept = "committed".getBytes(StandardCharsets.UTF_8);
        store.commit(store.stage(new ByteArrayInputStream(kept), 100));
        StagedBlob abandoned = store.stage(new ByteArrayInputStream("abandoned".getBytes(StandardCharsets.UTF_8)),
                100);

        BlobStore reopened = openStore();

        assertArrayEquals(kept, Files.readAllBytes(reopened.find(digestOf(kept)).orElseThrow()));
        assertFalse(Files.exists(abandoned.file()), "an upload in flight when the registry stopped is deleted");
        assertEquals(Optional.empty(), reopened.find(abandoned.digest()));
    }

    @Test
    void concurrentCommitsOfTheSameBytesLeaveOneWholeBlob() throws Exception {
        BlobStore store = openStore();
        byte[] bytes = randomBytes(500_000, 5);
        int threads = 8;
        List<StagedBlob> staged = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            staged.add(store.stage(new ByteArrayInputStream(bytes), bytes.length));
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Object>> commits = new ArrayList<>();
            for (StagedBlob blob : staged) {
                commits.add(pool.submit(() -> {
                    go.await();
                    store.commit(blob);
                    return null;
                }));
            }
            go.countDown();
            for (Future<Object> commit : commits) {
                commit.get(1, TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdownNow();
        }

        assertArrayEquals(bytes, Files.readAllBytes(store.find(digestOf(bytes)).orElseThrow()));
        assertEquals(List.of(), stagingFiles());
    }

    /** The files of staged, uncommitted uploads, for implementations that keep them as files; else empty. */
    protected abstract List<Path> stagingFiles() throws IOException;

    /** The files of committed blobs, for implementations that keep them as files; else empty. */
    protected abstract List<Path> committedFiles() throws IOException;

    static byte[] randomBytes(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    static String digestOf(byte[] bytes) {
        try {
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

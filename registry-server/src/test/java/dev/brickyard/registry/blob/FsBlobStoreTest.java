package dev.brickyard.registry.blob;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link BlobStoreContract} on {@link FsBlobStore}, plus its on-disk layout and crash behaviour. */
class FsBlobStoreTest extends BlobStoreContract {
    @TempDir
    Path root;

    @Override
    protected BlobStore openStore() throws IOException {
        return new FsBlobStore(root);
    }

    @Override
    protected List<Path> stagingFiles() throws IOException {
        return regularFiles(root.resolve("staging"));
    }

    @Override
    protected List<Path> committedFiles() throws IOException {
        return regularFiles(root.resolve("blobs"));
    }

    @Test
    void aCommittedBlobLivesUnderItsDigestWithATwoDigitFanOut() throws IOException {
        BlobStore store = openStore();
        byte[] bytes = "a bundle".getBytes(StandardCharsets.UTF_8);
        String hex = digestOf(bytes).substring("sha256:".length());

        store.commit(store.stage(new ByteArrayInputStream(bytes), 100));

        Path expected = root.resolve("blobs/sha256").resolve(hex.substring(0, 2)).resolve(hex);
        assertEquals(List.of(expected), committedFiles());
        assertEquals(expected, store.find("sha256:" + hex).orElseThrow());
        assertArrayEquals(bytes, Files.readAllBytes(expected));
    }

    @Test
    void stagedBytesLiveUnderStagingUntilCommitted() throws IOException {
        BlobStore store = openStore();

        StagedBlob staged = store.stage(new ByteArrayInputStream(new byte[] {42}), 10);

        assertEquals(List.of(staged.file()), stagingFiles());
        assertEquals(root.resolve("staging"), staged.file().getParent());
        assertEquals(List.of(), committedFiles());
    }

    @Test
    void leftoverStagingFilesAreRemovedWhenAStoreOpens() throws IOException {
        BlobStore before = openStore();
        byte[] kept = "committed before the crash".getBytes(StandardCharsets.UTF_8);
        before.commit(before.stage(new ByteArrayInputStream(kept), 100));
        Files.write(root.resolve("staging/upload-123456789.tmp"), "half an upload".getBytes(StandardCharsets.UTF_8));
        Files.write(root.resolve("staging/something-else"), new byte[] {1});

        BlobStore after = openStore();

        assertEquals(List.of(), stagingFiles());
        assertArrayEquals(kept, Files.readAllBytes(after.find(digestOf(kept)).orElseThrow()));
    }

    @Test
    void nothingAppearsUnderBlobsWhileAnUploadIsReceived() throws IOException {
        BlobStore store = openStore();
        List<Integer> committedFilesDuringUpload = new ArrayList<>();
        List<Integer> stagingFilesDuringUpload = new ArrayList<>();
        InputStream watched = new ByteArrayInputStream(randomBytes(1_000_000, 9)) {
            @Override
            public synchronized int read(byte[] buffer, int offset, int length) {
                try {
                    committedFilesDuringUpload.add(committedFiles().size());
                    stagingFilesDuringUpload.add(stagingFiles().size());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                return super.read(buffer, offset, Math.min(length, 100_000));
            }
        };

        StagedBlob staged = store.stage(watched, 2_000_000);

        assertTrue(committedFilesDuringUpload.size() > 1, "the upload arrived in several reads");
        assertTrue(committedFilesDuringUpload.stream().allMatch(n -> n == 0), "blobs/ was untouched");
        assertTrue(stagingFilesDuringUpload.stream().allMatch(n -> n == 1), "the bytes went to one staging file");
        assertEquals(List.of(), committedFiles());
        store.commit(staged);
        assertEquals(1, committedFiles().size());
    }

    @Test
    void aReaderFindsWholeBlobsOrNoneWhileTheyAreCommitted() throws Exception {
        BlobStore store = openStore();
        List<StagedBlob> staged = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            staged.add(store.stage(new ByteArrayInputStream(randomBytes(1 << 20, 100 + i)), 1 << 20));
        }
        AtomicBoolean committing = new AtomicBoolean(true);
        List<String> wrong = new ArrayList<>();
        ExecutorService readerThread = Executors.newSingleThreadExecutor();
        Future<Integer> reader = readerThread.submit(() -> {
            int wholeBlobsRead = 0;
            boolean lastPass = false;
            while (!lastPass) {
                lastPass = !committing.get();
                for (StagedBlob blob : staged) {
                    var found = store.find(blob.digest());
                    if (found.isPresent()) {
                        String digest = digestOf(Files.readAllBytes(found.get()));
                        if (!digest.equals(blob.digest())) {
                            wrong.add(blob.digest() + " read as " + digest);
                        }
                        wholeBlobsRead++;
                    }
                }
            }
            return wholeBlobsRead;
        });

        try {
            for (StagedBlob blob : staged) {
                store.commit(blob);
            }
        } finally {
            committing.set(false);
        }
        int wholeBlobsRead = reader.get(2, TimeUnit.MINUTES);
        readerThread.shutdown();

        assertEquals(List.of(), wrong, "a reader never sees part of a blob");
        assertTrue(wholeBlobsRead >= staged.size(), "the last pass read every blob");
        assertEveryBlobIsWholeAndWhereItsDigestSays();
    }

    @Test
    void refusedAndBrokenUploadsLeaveOnlyWholeBlobsUnderBlobs() throws IOException {
        BlobStore store = openStore();
        store.commit(store.stage(new ByteArrayInputStream(randomBytes(70_000, 1)), 100_000));
        try {
            store.stage(new ByteArrayInputStream(randomBytes(150_000, 2)), 100_000);
        } catch (BlobTooLargeException expected) {
            // the point is what it leaves behind
        }
        StagedBlob discarded = store.stage(new ByteArrayInputStream(randomBytes(50_000, 3)), 100_000);
        store.discard(discarded);
        store.commit(store.stage(new ByteArrayInputStream(randomBytes(90_000, 4)), 100_000));

        assertEquals(2, committedFiles().size());
        assertEquals(List.of(), stagingFiles());
        assertFalse(store.find(discarded.digest()).isPresent());
        assertEveryBlobIsWholeAndWhereItsDigestSays();
    }

    private void assertEveryBlobIsWholeAndWhereItsDigestSays() throws IOException {
        for (Path file : committedFiles()) {
            String hex = file.getFileName().toString();
            assertEquals("sha256:" + hex, digestOf(Files.readAllBytes(file)), file + " holds the bytes it names");
            assertEquals(root.resolve("blobs/sha256").resolve(hex.substring(0, 2)), file.getParent());
        }
    }

    private static List<Path> regularFiles(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(folder)) {
            return files.filter(Files::isRegularFile).sorted().toList();
        }
    }
}

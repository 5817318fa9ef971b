package dev.brickyard.host;

import dev.brickyard.api.Brick;
import dev.brickyard.api.BrickConflictException;
import dev.brickyard.api.BrickException;
import dev.brickyard.api.BrickId;
import dev.brickyard.api.BrickNotFoundException;
import dev.brickyard.api.Classification;
import dev.brickyard.api.HeadBrick;
import dev.brickyard.api.IncompatibleBrickException;
import dev.brickyard.base.BaseModel;
import dev.brickyard.base.verify.BrickVerifier;
import dev.brickyard.base.verify.VerifiedBrick;
import dev.brickyard.host.extender.BrickExtender;
import dev.brickyard.host.framework.EmbeddedFramework;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.stream.Stream;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleException;

/**
 * A running base model plus an embedded OSGi framework whose bundles are bricks. Install, update and uninstall
 * bricks while it runs; each changes the set of bricks completely or not at all. Inference runs under a read
 * lock and changes under a write lock, so a request never sees a brick half-loaded or closed beneath it.
 *
 * <pre>
 * storage/
 *   felix/                    OSGi bundle cache, emptied when the host opens
 *   archives/&lt;sha256&gt;.jar     the archive of every installed brick, kept to roll an update back
 *   staging/                  archives being copied in and verified; what is verified is what gets installed
 * </pre>
 * The host opens empty: {@code archives/} and {@code staging/} are emptied when it opens.
 */
public final class BrickHost implements AutoCloseable {
    private final BaseModel baseModel;
    private final EmbeddedFramework framework;
    private final BrickExtender extender;
    private final BrickVerifier verifier = new BrickVerifier();
    private final Path storage;
    private final boolean temporaryStorage;
    private final Map<BrickId, InstalledBrick> installed = new LinkedHashMap<>();
    private final ReadWriteLock lock = new ReentrantReadWriteLock();

    private BrickHost(BaseModel baseModel, EmbeddedFramework framework, Path storage, boolean temporaryStorage) {
        this.baseModel = baseModel;
        this.framework = framework;
        this.storage = storage;
        this.temporaryStorage = temporaryStorage;
        this.extender = new BrickExtender(framework.context());
        this.extender.open();
    }

    /** Loads the base model and starts the framework. */
    public static BrickHost open(HostOptions options) throws BrickException {
        Path storage;
        try {
            storage = options.storage() != null ? Files.createDirectories(options.storage())
                    : Files.createTempDirectory("brickyard-host-");
            // The host opens empty, so archives and staged files of an earlier run are stale.
            for (String folder : List.of("archives", "staging")) {
                if (Files.exists(storage.resolve(folder))) {
                    deleteTree(storage.resolve(folder));
                }
                Files.createDirectories(storage.resolve(folder));
            }
        } catch (IOException e) {
            throw new BrickException("cannot create the host's storage folder: " + e.getMessage(), e);
        }
        BaseModel baseModel = null;
        try {
            baseModel = BaseModel.load(options.variant());
            EmbeddedFramework framework = EmbeddedFramework.start(storage.resolve("felix"), baseModel.reference());
            return new BrickHost(baseModel, framework, storage, options.storage() == null);
        } catch (BrickException | BundleException | RuntimeException e) {
            if (baseModel != null) {
                baseModel.close();
            }
            if (options.storage() == null) {
                deleteTree(storage);
            }
            throw e instanceof BrickException brick ? brick
                    : new BrickException("cannot start the OSGi framework: " + e.getMessage(), e);
        }
    }

    /** The base model this host runs. */
    public BaseModel baseModel() {
        return baseModel;
    }

    /**
     * Verifies a brick archive and installs it, or changes nothing.
     *
     * @throws dev.brickyard.api.MalformedBrickException when the archive breaks the format
     * @throws IncompatibleBrickException when the OSGi resolver cannot satisfy it (another base model, say)
     * @throws BrickConflictException when a brick with the same id is installed
     */
    public InstalledBrick install(Path archive) throws BrickException, IOException {
        try (InputStream in = Files.newInputStream(archive)) {
            return staged(in, this::installStaged);
        }
    }

    /** Installs an archive read from a stream (staged to a file and verified first). */
    public InstalledBrick install(InputStream archive) throws BrickException, IOException {
        return staged(archive, this::installStaged);
    }

    private InstalledBrick installStaged(Path archive) throws BrickException, IOException {
        VerifiedBrick verified = verify(archive);
        BrickId id = verified.manifest().brickId();
        lock.writeLock().lock();
        try {
            InstalledBrick existing = installed.get(id);
            if (existing != null) {
                throw new BrickConflictException(id + " is already installed at version " + existing.version()
                        + "; update it to change versions");
            }
            Path kept = keep(archive, verified);
            Bundle bundle;
            try (InputStream in = Files.newInputStream(kept)) {
                bundle = framework.context().installBundle("brick:" + id + "@" + verified.manifest().version(), in);
            } catch (BundleException e) {
                Files.deleteIfExists(kept);
                if (e.getType() == BundleException.DUPLICATE_BUNDLE_ERROR) {
                    throw new BrickConflictException("the framework already holds " + id + ": " + e.getMessage());
                }
                throw new BrickException("the framework refused " + id + ": " + e.getMessage(), e);
            }
            try {
                InstalledBrick brick = activate(bundle, verified);
                installed.put(id, brick);
                return brick;
            } catch (BrickException | RuntimeException e) {
                uninstallQuietly(bundle);
                Files.deleteIfExists(kept);
                throw e;
            }
        } finally {
            lock.writeLock().unlock();
        }
    }

    /**
     * Moves an installed brick to the version in the archive: stop, update, refresh, start. Does nothing when the
     * archive's digest equals the installed one. If the new version fails to resolve or load, the old version is
     * restored and the failure thrown.
     *
     * @throws BrickNotFoundException when no brick with the archive's id is installed
     */
    public InstalledBrick update(Path archive) throws BrickException, IOException {
        try (InputStream in = Files.newInputStream(archive)) {
            return staged(in, this::updateStaged);
        }
    }

    /** Updates from a stream (staged to a file and verified first). */
    public InstalledBrick update(InputStream archive) throws BrickException, IOException {
        return staged(archive, this::updateStaged);
    }

    private InstalledBrick updateStaged(Path archive) throws BrickException, IOException {
        VerifiedBrick verified = verify(archive);
        BrickId id = verified.manifest().brickId();
        lock.writeLock().lock();
        try {
            InstalledBrick current = installed.get(id);
            if (current == null) {
                throw new BrickNotFoundException(id + " is not installed; install it first");
            }
            if (current.sha256().equals(verified.sha256())) {
                return current;
            }
            Bundle bundle = bundle(current);
            Path kept = keep(archive, verified);
            Path previous = archivePath(current.sha256());
            try {
                replaceBundle(bundle, kept);
                InstalledBrick updated = activate(bundle, verified);
                installed.put(id, updated);
                Files.deleteIfExists(previous);
                return updated;
            } catch (BrickException | RuntimeException e) {
                try {
                    replaceBundle(bundle, previous);
                    installed.put(id, activate(bundle, verifier.verify(previous)));
                } catch (BrickException | IOException | RuntimeException rollbackFailure) {
                    // Neither version runs: take the brick out entirely rather than list one that cannot answer.
                    e.addSuppressed(rollbackFailure);
                    installed.remove(id);
                    uninstallQuietly(bundle);
                    Files.deleteIfExists(previous);
                }
                Files.deleteIfExists(kept);
                throw e;
            }
        } finally {
            lock.writeLock().unlock();
        }
    }

    /**
     * Stops and uninstalls a brick; its native memory is freed before this returns.
     *
     * @throws BrickNotFoundException when it is not installed
     */
    public void uninstall(BrickId id) throws BrickException, IOException {
        lock.writeLock().lock();
        try {
            InstalledBrick current = installed.get(id);
            if (current == null) {
                throw new BrickNotFoundException(id + " is not installed");
            }
            try {
                bundle(current).uninstall();
            } catch (BundleException e) {
                throw new BrickException("the framework failed to uninstall " + id + ": " + e.getMessage(), e);
            }
            installed.remove(id);
            Files.deleteIfExists(archivePath(current.sha256()));
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** The installed bricks, in install order. */
    public List<InstalledBrick> bricks() {
        lock.readLock().lock();
        try {
            return List.copyOf(installed.values());
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * The bundles in the OSGi framework other than the system bundle, as {@code symbolic-name version state},
     * for diagnostics: after a failed install, none of the refused brick's bundles remain.
     */
    public List<String> osgiBundles() {
        List<String> bundles = new ArrayList<>();
        for (Bundle bundle : framework.context().getBundles()) {
            if (bundle.getBundleId() != 0) {
                bundles.add(bundle.getSymbolicName() + " " + bundle.getVersion() + " " + stateName(bundle.getState()));
            }
        }
        return bundles;
    }

    private static String stateName(int state) {
        return switch (state) {
            case Bundle.INSTALLED -> "INSTALLED";
            case Bundle.RESOLVED -> "RESOLVED";
            case Bundle.STARTING -> "STARTING";
            case Bundle.STOPPING -> "STOPPING";
            case Bundle.ACTIVE -> "ACTIVE";
            default -> "UNINSTALLED";
        };
    }

    /** Answers one text with the named bricks, or with every installed head when none is named. */
    public Inference infer(String text, List<BrickId> bricks) throws BrickException {
        return infer(List.of(text), bricks).get(0);
    }

    /**
     * Answers a batch of texts: the base model embeds them in one run, then each brick classifies the batch.
     *
     * @throws BrickNotFoundException when a named brick is not installed
     */
    public List<Inference> infer(List<String> texts, List<BrickId> bricks) throws BrickException {
        lock.readLock().lock();
        try {
            List<HeadBrick> heads = heads(bricks);
            float[][] embeddings = baseModel.embed(texts);
            List<List<BrickAnswer>> answers = new ArrayList<>();
            texts.forEach(text -> answers.add(new ArrayList<>()));
            for (HeadBrick head : heads) {
                List<Classification> classifications = head.classify(embeddings);
                for (int i = 0; i < texts.size(); i++) {
                    answers.get(i).add(new BrickAnswer(head.id(), head.version(), classifications.get(i)));
                }
            }
            List<Inference> result = new ArrayList<>(texts.size());
            for (int i = 0; i < texts.size(); i++) {
                result.add(new Inference(texts.get(i), answers.get(i)));
            }
            return result;
        } finally {
            lock.readLock().unlock();
        }
    }

    private List<HeadBrick> heads(List<BrickId> ids) throws BrickException {
        List<BrickId> wanted = ids.isEmpty() ? List.copyOf(installed.keySet()) : ids;
        List<HeadBrick> heads = new ArrayList<>();
        for (BrickId id : wanted) {
            Brick brick = extender.brick(id).orElseThrow(() -> new BrickNotFoundException(id + " is not installed"
                    + (installed.isEmpty() ? " (no bricks are)" : "; installed: " + installed.keySet())));
            if (brick instanceof HeadBrick head) {
                heads.add(head);
            }
        }
        return heads;
    }

    /** The format checks, plus the base model build when the brick names this host's model. */
    private VerifiedBrick verify(Path archive) throws BrickException, IOException {
        VerifiedBrick verified = verifier.verify(archive);
        BrickVerifier.requireKnownBuild(verified.manifest());
        return verified;
    }

    private InstalledBrick activate(Bundle bundle, VerifiedBrick verified) throws BrickException {
        try {
            bundle.start();
        } catch (BundleException e) {
            if (e.getType() == BundleException.RESOLVE_ERROR) {
                throw new IncompatibleBrickException(verified.manifest().id() + "@" + verified.manifest().version()
                        + " cannot run on this host: " + e.getMessage(), e);
            }
            throw new BrickException("the framework failed to start " + verified.manifest().id() + ": "
                    + e.getMessage(), e);
        }
        BrickException failure = extender.takeFailure(bundle).orElse(null);
        if (failure != null) {
            throw failure;
        }
        Brick brick = extender.brick(verified.manifest().brickId())
                .orElseThrow(() -> new BrickException(verified.manifest().id() + " did not load"));
        return new InstalledBrick(brick.id(), brick.version(), brick.manifest().kind(), brick.manifest().labels(),
                bundle.getBundleId(), verified.sha256(), brick.weightBytes());
    }

    private void replaceBundle(Bundle bundle, Path archive) throws BrickException, IOException {
        try (InputStream in = Files.newInputStream(archive)) {
            bundle.stop(Bundle.STOP_TRANSIENT);
            bundle.update(in);
            framework.refresh(bundle);
        } catch (BundleException e) {
            throw new BrickException("the framework failed to update " + bundle.getSymbolicName() + ": "
                    + e.getMessage(), e);
        }
    }

    private Bundle bundle(InstalledBrick brick) throws BrickNotFoundException {
        Bundle bundle = framework.context().getBundle(brick.bundleId());
        if (bundle == null) {
            throw new BrickNotFoundException(brick.id() + "'s bundle is gone from the framework");
        }
        return bundle;
    }

    /** Moves a verified staged archive to where it is kept while its brick is installed. */
    private Path keep(Path staged, VerifiedBrick verified) throws IOException {
        Path kept = archivePath(verified.sha256());
        Files.move(staged, kept, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return kept;
    }

    private Path archivePath(String sha256) {
        return storage.resolve("archives").resolve(sha256.substring("sha256:".length()) + ".jar");
    }

    private interface ArchiveOperation {
        InstalledBrick apply(Path archive) throws BrickException, IOException;
    }

    /** Writes the stream to a staging file, applies the operation to it and deletes it, whatever happens. */
    private InstalledBrick staged(InputStream archive, ArchiveOperation operation) throws BrickException, IOException {
        Path staged = Files.createTempFile(storage.resolve("staging"), "upload-", ".jar");
        try {
            Files.copy(archive, staged, StandardCopyOption.REPLACE_EXISTING);
            return operation.apply(staged);
        } finally {
            Files.deleteIfExists(staged);
        }
    }

    private static void uninstallQuietly(Bundle bundle) {
        try {
            bundle.uninstall();
        } catch (BundleException | IllegalStateException ignored) {
            // the bundle is already gone, which is what we wanted
        }
    }

    /** Stops every brick, the framework and the base model; deletes temporary storage. */
    @Override
    public void close() {
        lock.writeLock().lock();
        try {
            extender.close();
            framework.close();
            baseModel.close();
            installed.clear();
            if (temporaryStorage) {
                deleteTree(storage);
            }
        } finally {
            lock.writeLock().unlock();
        }
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + root, e);
        }
    }
}

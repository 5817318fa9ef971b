package dev.brickyard.host;

import dev.brickyard.api.BrickConflictException;
import dev.brickyard.api.BrickException;
import dev.brickyard.api.CompositeBrick;
import dev.brickyard.api.MalformedBrickException;
import dev.brickyard.api.manifest.CompositeRecipe;
import dev.brickyard.api.version.BrickId;
import dev.brickyard.api.version.SemVer;
import dev.brickyard.base.verify.BrickVerifier;
import dev.brickyard.base.verify.VerifiedBrick;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The changes to the installed bricks: install, swap, roll back and uninstall, one at a time under the change lock.
 * Each change loads and smoke-tests the new brick, checks the memory budget and the composites that need the brick,
 * then makes a new {@link BrickSet} current in one step; the brick taken out is retired, its archive kept for
 * rollback ({@value BrickHost#HISTORY} versions back) or deleted. Requests never take the lock: they acquire the
 * current set.
 */
final class BrickLifecycle {
    private final HostStorage storage;
    private final BrickBundles bundles;
    /** Bytes of weights the installed bricks may hold together; 0 or less for no limit. */
    private final long memoryBudget;
    private final BrickVerifier verifier = new BrickVerifier();
    private final ReentrantLock changes = new ReentrantLock();
    private final Map<BrickId, Deque<InstalledBrick>> history = new HashMap<>();
    private volatile BrickSet current = BrickSet.empty();

    BrickLifecycle(HostStorage storage, BrickBundles bundles, long memoryBudget) {
        this.storage = storage;
        this.bundles = bundles;
        this.memoryBudget = memoryBudget;
    }

    /** Installs a staged archive; see {@link BrickHost#install(Path)}. */
    InstalledBrick install(Path archive) throws BrickException, IOException {
        VerifiedBrick verified = verify(archive);
        BrickId id = verified.manifest().brickId();
        changes.lock();
        try {
            LoadedBrick existing = current.get(id);
            if (existing != null) {
                throw new BrickConflictException(id + " is already installed at version " + existing.info().version()
                        + "; swap it to change versions");
            }
            LoadedBrick loaded = loadKept(archive, verified, null);
            makeCurrent(current.with(loaded));
            return loaded.info();
        } finally {
            changes.unlock();
        }
    }

    /**
     * Swaps to a staged archive; see {@link BrickHost#update(Path)}.
     *
     * @param expected the brick the archive must be, or null for any installed brick
     */
    InstalledBrick update(Path archive, BrickId expected) throws BrickException, IOException {
        VerifiedBrick verified = verify(archive);
        BrickId id = verified.manifest().brickId();
        if (expected != null && !expected.equals(id)) {
            throw new MalformedBrickException("the bundle is " + id + ", not " + expected);
        }
        changes.lock();
        try {
            LoadedBrick old = current.require(id);
            if (old.info().sha256().equals(verified.sha256())) {
                return old.info();
            }
            requireNotNeeded(id, verified.manifest().semVer());
            LoadedBrick loaded = loadKept(archive, verified, old);
            makeCurrent(current.with(loaded));
            retire(old, true);
            return loaded.info();
        } finally {
            changes.unlock();
        }
    }

    /** See {@link BrickHost#rollback(BrickId)}. */
    InstalledBrick rollback(BrickId id) throws BrickException, IOException {
        changes.lock();
        try {
            LoadedBrick old = current.require(id);
            Deque<InstalledBrick> past = history.getOrDefault(id, new ArrayDeque<>());
            if (past.isEmpty()) {
                throw new NoPreviousVersionException(id + "@" + old.info().version()
                        + " has no earlier version on this host to roll back to");
            }
            InstalledBrick previous = past.peek();
            requireNotNeeded(id, previous.version());
            Path archive = storage.archive(previous.sha256());
            LoadedBrick loaded = bundles.load(archive, verifier.verify(archive), current);
            admit(loaded, old);
            past.pop();
            makeCurrent(current.with(loaded));
            retire(old, false);
            return loaded.info();
        } finally {
            changes.unlock();
        }
    }

    /** The versions a brick can be rolled back to, the most recent first. */
    List<InstalledBrick> history(BrickId id) {
        changes.lock();
        try {
            return List.copyOf(history.getOrDefault(id, new ArrayDeque<>()));
        } finally {
            changes.unlock();
        }
    }

    /** See {@link BrickHost#uninstall(BrickId)}. */
    void uninstall(BrickId id) throws BrickException, IOException {
        changes.lock();
        try {
            LoadedBrick old = current.require(id);
            requireNotNeeded(id, null);
            makeCurrent(current.without(id));
            retire(old, false);
            for (InstalledBrick previous : history.getOrDefault(id, new ArrayDeque<>())) {
                storage.deleteArchive(previous.sha256());
            }
            history.remove(id);
        } finally {
            changes.unlock();
        }
    }

    /** The current set, for reading; a caller that runs bricks must {@link #acquire()} it instead. */
    BrickSet current() {
        return current;
    }

    /** The current set, with a use added; the caller releases it. */
    BrickSet acquire() {
        while (true) {
            BrickSet set = current;
            if (set.tryAcquire()) {
                return set;
            }
        }
    }

    /** Bytes of weights of the installed bricks. */
    long brickMemoryBytes() {
        return current.bricks().stream().mapToLong(loaded -> loaded.info().weightBytes()).sum();
    }

    /** Bricks loaded but no longer installed, still finishing requests that started before they were taken out. */
    int drainingBricks() {
        return Math.max(0, bundles.loadedBricks() - current.bricks().size());
    }

    /**
     * Empties the set and runs {@code closing} under the change lock, so a change in flight finishes first and no
     * change starts on what {@code closing} closes.
     */
    void close(Runnable closing) {
        changes.lock();
        try {
            current = BrickSet.empty();
            closing.run();
        } finally {
            changes.unlock();
        }
    }

    /**
     * Refuses to take out, or move out of range, a brick that an installed composite needs: the composite would
     * stop answering.
     */
    private void requireNotNeeded(BrickId id, SemVer newVersion) throws BrickConflictException {
        for (LoadedBrick loaded : current.bricks()) {
            if (loaded.brick() instanceof CompositeBrick composite) {
                for (CompositeRecipe.Component component : composite.recipe().components()) {
                    if (component.brick().equals(id)
                            && (newVersion == null || !component.range().contains(newVersion))) {
                        throw new BrickConflictException(id + " is needed by the composite " + loaded.info() + " ("
                                + id + "@" + component.range() + "); " + (newVersion == null ? "uninstall"
                                : "swap") + " the composite first");
                    }
                }
            }
        }
    }

    private void makeCurrent(BrickSet next) {
        BrickSet previous = current;
        current = next;
        previous.release();
    }

    /**
     * Keeps a staged archive, loads it and admits it; on failure the archive is deleted again unless another
     * installed or earlier version has the same bytes.
     */
    private LoadedBrick loadKept(Path staged, VerifiedBrick verified, LoadedBrick replaced)
            throws BrickException, IOException {
        Path kept = storage.keep(staged, verified.sha256());
        try {
            LoadedBrick loaded = bundles.load(kept, verified, current);
            admit(loaded, replaced);
            return loaded;
        } catch (BrickException | IOException | RuntimeException e) {
            if (!referenced(verified.sha256())) {
                Files.deleteIfExists(kept);
            }
            throw e;
        }
    }

    /** Refuses a brick whose weights would take the installed bricks past the memory budget. */
    private void admit(LoadedBrick loaded, LoadedBrick replaced) throws BrickException {
        if (memoryBudget <= 0) {
            return;
        }
        long after = brickMemoryBytes() - (replaced == null ? 0 : replaced.info().weightBytes())
                + loaded.info().weightBytes();
        if (after > memoryBudget) {
            bundles.discard(loaded);
            throw new MemoryBudgetException(loaded.info() + " needs " + loaded.info().weightBytes()
                    + " bytes of weights; with it the bricks would hold " + after + " bytes, over the budget of "
                    + memoryBudget + " (--brick-memory); uninstall a brick first");
        }
    }

    /**
     * Takes a brick that is no longer current out of the framework. Its brick object lives on until the requests
     * using it end. Its archive is kept for rollback when {@code keep} is true, else deleted.
     */
    private void retire(LoadedBrick old, boolean keep) throws IOException {
        bundles.uninstallBundle(old);
        if (keep) {
            Deque<InstalledBrick> past = history.computeIfAbsent(old.info().id(), key -> new ArrayDeque<>());
            past.push(old.info());
            while (past.size() > BrickHost.HISTORY) {
                String dropped = past.removeLast().sha256();
                if (!referenced(dropped)) {
                    storage.deleteArchive(dropped);
                }
            }
        } else if (!referenced(old.info().sha256())) {
            storage.deleteArchive(old.info().sha256());
        }
    }

    /** Whether an installed brick or a kept earlier version still needs the archive with these bytes. */
    private boolean referenced(String sha256) {
        return current.bricks().stream().anyMatch(loaded -> loaded.info().sha256().equals(sha256))
                || history.values().stream().flatMap(Deque::stream)
                .anyMatch(previous -> previous.sha256().equals(sha256));
    }

    /** The format checks, plus the base model build when the brick names this host's model. */
    private VerifiedBrick verify(Path archive) throws BrickException, IOException {
        VerifiedBrick verified = verifier.verify(archive);
        BrickVerifier.requireKnownBuild(verified.manifest());
        return verified;
    }
}

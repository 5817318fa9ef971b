package dev.brickyard.host;

import dev.brickyard.api.BrickConflictException;
import dev.brickyard.api.BrickException;
import dev.brickyard.api.CompositeBrick;
import dev.brickyard.api.MalformedBrickException;
import dev.brickyard.api.manifest.BrickManifest;
import dev.brickyard.api.manifest.CompositeRecipe;
import dev.brickyard.api.version.BrickId;
import dev.brickyard.api.version.SemVer;
import dev.brickyard.base.verify.BrickVerifier;
import dev.brickyard.base.verify.VerifiedBrick;
import dev.brickyard.host.precision.PrecisionPolicy;
import dev.brickyard.host.precision.PrecisionVerdict;
import dev.brickyard.host.trust.TrustPolicy;
import dev.brickyard.host.trust.TrustVerdict;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The changes to the installed bricks: install, swap, roll back and uninstall, one at a time under the change lock.
 * Each change loads and smoke-tests the new brick and checks the memory budget and the composites that need the
 * brick; then it saves the new state ({@link HostState}: the bricks, their histories of {@value BrickHost#HISTORY}
 * versions back, their kept archives) and only then makes a new {@link BrickSet} current in one step. A change whose
 * state cannot be saved is undone, so the host and its state file never disagree. The brick taken out is retired,
 * and the kept archives the new state no longer names are deleted. Requests never take the lock: they acquire the
 * current set. When the host opens, {@link #restore} brings back what an earlier run saved.
 */
final class BrickLifecycle {
    private final HostStorage storage;
    private final BrickBundles bundles;
    /** Bytes of weights the installed bricks may hold together; 0 or less for no limit. */
    private final long memoryBudget;
    /** Checks archives; under trust mode {@code off} it skips the signature, which nothing would act on. */
    private final BrickVerifier verifier;
    private final TrustPolicy trust;
    /** What the trust policy found for each kept archive, by digest; entries go with the archives they describe. */
    private final Map<String, TrustVerdict> verdicts = new ConcurrentHashMap<>();
    private final ReentrantLock changes = new ReentrantLock();
    /** The versions each brick can be rolled back to, most recent first; a change replaces the map, never edits it. */
    private Map<BrickId, List<InstalledBrick>> history = Map.of();
    private volatile BrickSet current = BrickSet.empty();

    private final PrecisionPolicy precision;
    /** What the precision policy found for each kept archive, by digest, like {@link #verdicts}. */
    private final Map<String, PrecisionVerdict> precisionVerdicts = new ConcurrentHashMap<>();

    BrickLifecycle(HostStorage storage, BrickBundles bundles, long memoryBudget, TrustPolicy trust,
                   PrecisionPolicy precision) {
        this.storage = storage;
        this.bundles = bundles;
        this.memoryBudget = memoryBudget;
        this.trust = trust;
        this.verifier = trust.mode() == TrustPolicy.Mode.OFF ? new BrickVerifier().withoutSignatures()
                : new BrickVerifier();
        this.precision = precision;
    }

    /** What the precision policy found for the archive of this digest when it came in (or at restore). */
    PrecisionVerdict precisionVerdict(String sha256) {
        return precisionVerdicts.get(sha256);
    }

    /** What the trust policy found for the archive of this digest when it came in (or at restore). */
    TrustVerdict verdict(String sha256) {
        return verdicts.getOrDefault(sha256, TrustVerdict.UNCHECKED);
    }

    /** Installs a staged archive; see {@link BrickHost#install(Path)}. */
    InstalledBrick install(Path archive, BrickSource source) throws BrickException, IOException {
        VerifiedBrick verified = verify(archive);
        BrickId id = verified.manifest().brickId();
        TrustVerdict verdict = trust.check(verified.signature(), id);
        PrecisionVerdict precisionVerdict = precision.check(verified.manifest());
        changes.lock();
        try {
            LoadedBrick existing = current.get(id);
            if (existing != null) {
                throw new BrickConflictException(id + " is already installed at version " + existing.info().version()
                        + "; swap it to change versions");
            }
            LoadedBrick loaded = loadKept(archive, verified, null, source);
            verdicts.put(verified.sha256(), verdict); // before the brick is visible; commit keeps what it names
            precisionVerdicts.put(verified.sha256(), precisionVerdict);
            commit(current.with(loaded), history, loaded);
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
    InstalledBrick update(Path archive, BrickId expected, BrickSource source) throws BrickException, IOException {
        VerifiedBrick verified = verify(archive);
        BrickId id = verified.manifest().brickId();
        if (expected != null && !expected.equals(id)) {
            throw new MalformedBrickException("the bundle is " + id + ", not " + expected);
        }
        TrustVerdict verdict = trust.check(verified.signature(), id);
        PrecisionVerdict precisionVerdict = precision.check(verified.manifest());
        changes.lock();
        try {
            LoadedBrick old = current.require(id);
            if (old.info().sha256().equals(verified.sha256())) {
                return old.info();
            }
            requireNotNeeded(id, verified.manifest().semVer());
            LoadedBrick loaded = loadKept(archive, verified, old, source);
            List<InstalledBrick> past = new ArrayList<>(history.getOrDefault(id, List.of()));
            past.add(0, old.info());
            verdicts.put(verified.sha256(), verdict); // before the brick is visible; commit keeps what it names
            precisionVerdicts.put(verified.sha256(), precisionVerdict);
            commit(current.with(loaded), withHistory(id, past.subList(0, Math.min(past.size(), BrickHost.HISTORY))),
                    loaded);
            bundles.uninstallBundle(old);
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
            List<InstalledBrick> past = history.getOrDefault(id, List.of());
            if (past.isEmpty()) {
                throw new NoPreviousVersionException(id + "@" + old.info().version()
                        + " has no earlier version on this host to roll back to");
            }
            InstalledBrick previous = past.get(0);
            requireNotNeeded(id, previous.version());
            Path archive = storage.archive(previous.sha256());
            VerifiedBrick verified = verifier.verify(archive);
            if (!verified.sha256().equals(previous.sha256())) {
                throw new MalformedBrickException(changedArchive(archive, previous, verified.sha256()));
            }
            precisionVerdicts.put(previous.sha256(), precision.check(verified.manifest()));
            LoadedBrick loaded = bundles.load(archive, verified.manifest(), previous.sha256(), current,
                    previous.source());
            admit(loaded, old);
            commit(current.with(loaded), withHistory(id, past.subList(1, past.size())), loaded);
            bundles.uninstallBundle(old);
            return loaded.info();
        } finally {
            changes.unlock();
        }
    }

    /** The versions a brick can be rolled back to, the most recent first. */
    List<InstalledBrick> history(BrickId id) {
        changes.lock();
        try {
            return history.getOrDefault(id, List.of());
        } finally {
            changes.unlock();
        }
    }

    /** See {@link BrickHost#uninstall(BrickId)}. */
    void uninstall(BrickId id) throws BrickException {
        changes.lock();
        try {
            LoadedBrick old = current.require(id);
            requireNotNeeded(id, null);
            Map<BrickId, List<InstalledBrick>> next = new HashMap<>(history);
            next.remove(id);
            commit(current.without(id), Map.copyOf(next), null);
            bundles.uninstallBundle(old);
        } finally {
            changes.unlock();
        }
    }

    /**
     * Reinstalls the bricks of a state an earlier run saved, each from its kept archive and with its history, then
     * deletes the kept archives the state does not name. Every archive the state names must still have its digest,
     * which proves it holds the bytes verified when the brick was installed, so it is not verified again; it is loaded
     * and smoke-tested as at install, within the memory budget. A composite is installed after the bricks its recipe
     * needs; otherwise the saved order is kept, so the bricks are listed as before.
     *
     * @throws HostStateException when an archive is missing or changed, or a brick cannot be installed again; the
     *                            caller closes the host
     */
    void restore(HostState state) throws HostStateException {
        changes.lock();
        try {
            List<SavedBrick> saved = new ArrayList<>();
            for (HostState.Brick entry : state.bricks()) {
                InstalledBrick brick = HostState.installedVersion(entry);
                List<InstalledBrick> earlier = HostState.earlierVersions(entry);
                for (InstalledBrick previous : earlier) {
                    requireKept(previous);
                    requireTrusted(previous);
                }
                saved.add(new SavedBrick(brick, earlier, readKept(brick)));
                requireTrusted(brick);
            }
            Map<BrickId, List<InstalledBrick>> restoredHistory = new HashMap<>();
            for (SavedBrick brick : inDependencyOrder(saved)) {
                Path archive = storage.archive(brick.installed().sha256());
                BrickManifest manifest = brick.archive().manifest();
                try {
                    if (!manifest.brickId().equals(brick.id())
                            || !manifest.semVer().equals(brick.installed().version())) {
                        throw new MalformedBrickException("it holds " + manifest.brickId() + "@" + manifest.semVer());
                    }
                    // The host may have restarted on another build: it refuses what it would not install now.
                    precisionVerdicts.put(brick.installed().sha256(), precision.check(manifest));
                    LoadedBrick loaded = bundles.load(archive, manifest, brick.installed().sha256(), current,
                            brick.installed().source());
                    admit(loaded, null);
                    makeCurrent(current.with(loaded));
                } catch (BrickException | IOException e) {
                    throw new HostStateException(storage.stateFile(), "the host cannot install " + brick.installed()
                            + " again from " + archive + ": " + e.getMessage(), e);
                }
                restoredHistory.put(brick.id(), brick.history());
            }
            history = Map.copyOf(restoredHistory);
            storage.collectGarbage(state.digests());
            verdicts.keySet().retainAll(state.digests());
            precisionVerdicts.keySet().retainAll(state.digests());
        } finally {
            changes.unlock();
        }
    }

    /** A brick of a saved state, with its earlier versions and what its kept archive holds. */
    private record SavedBrick(InstalledBrick installed, List<InstalledBrick> history, BrickArchive archive) {
        BrickId id() {
            return installed.id();
        }
    }

    /** Reads the kept archive of a saved brick's installed version, once it is known to be the one kept. */
    private BrickArchive readKept(InstalledBrick brick) throws HostStateException {
        requireKept(brick);
        Path archive = storage.archive(brick.sha256());
        try {
            return BrickArchive.read(archive);
        } catch (BrickException | IOException e) {
            throw new HostStateException(storage.stateFile(), "the host cannot install " + brick + " again from "
                    + archive + ": " + e.getMessage(), e);
        }
    }

    /** Refuses to restore from a kept archive that is gone or no longer has the digest it was kept under. */
    private void requireKept(InstalledBrick brick) throws HostStateException {
        Path archive = storage.archive(brick.sha256());
        String actual;
        try {
            actual = BrickVerifier.sha256(archive);
        } catch (IOException e) {
            throw new HostStateException(storage.stateFile(), "the kept archive " + archive + " of " + brick
                    + " cannot be read (" + e + ")", e);
        }
        if (!actual.equals(brick.sha256())) {
            throw new HostStateException(storage.stateFile(), changedArchive(archive, brick, actual), null);
        }
    }

    /**
     * Checks a kept archive against the trust policy again: the policy may have changed since the brick came in (a
     * key no longer trusted, {@code require} where it was {@code warn}), and a host refuses to serve what it would
     * not install now.
     */
    private void requireTrusted(InstalledBrick brick) throws HostStateException {
        Path archive = storage.archive(brick.sha256());
        try {
            verdicts.put(brick.sha256(), trust.check(archive, brick.id()));
        } catch (BrickException | IOException e) {
            throw new HostStateException(storage.stateFile(), "the kept archive " + archive + " of " + brick
                    + " is refused by the trust policy: " + e.getMessage() + " (the policy is checked again at "
                    + "every start; remove the brick from the state or change the policy)", e);
        }
    }

    private static String changedArchive(Path archive, InstalledBrick brick, String actual) {
        return "the kept archive " + archive + " of " + brick + " has changed since it was kept (tampered with or "
                + "truncated): its SHA-256 is " + actual + ", not " + brick.sha256();
    }

    /**
     * The saved bricks in the order to install them: each composite after the saved bricks its recipe needs, the
     * others as saved. A composite whose components cannot all come first (they are not saved, or need each other)
     * keeps its place, and the resolver refuses it with the requirement it misses.
     */
    private static List<SavedBrick> inDependencyOrder(List<SavedBrick> saved) {
        Set<BrickId> ids = new HashSet<>();
        saved.forEach(brick -> ids.add(brick.id()));
        List<SavedBrick> waiting = new ArrayList<>(saved);
        List<SavedBrick> ordered = new ArrayList<>();
        Set<BrickId> placed = new HashSet<>();
        while (!waiting.isEmpty()) {
            SavedBrick next = waiting.stream().filter(brick -> brick.archive().components().stream()
                            .map(CompositeRecipe.Component::brick)
                            .allMatch(component -> placed.contains(component) || !ids.contains(component)))
                    .findFirst().orElse(waiting.get(0));
            waiting.remove(next);
            ordered.add(next);
            placed.add(next.id());
        }
        return ordered;
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

    private Map<BrickId, List<InstalledBrick>> withHistory(BrickId id, List<InstalledBrick> past) {
        Map<BrickId, List<InstalledBrick>> next = new HashMap<>(history);
        if (past.isEmpty()) {
            next.remove(id);
        } else {
            next.put(id, List.copyOf(past));
        }
        return Map.copyOf(next);
    }

    /**
     * Saves the state of {@code next} with {@code nextHistory}, then makes both current and deletes the kept archives
     * the state no longer names. When the state cannot be saved, {@code next} is dropped, the brick it added taken
     * out again, and the host stays as it was.
     *
     * @param added the brick loaded for this change, or null
     */
    private void commit(BrickSet next, Map<BrickId, List<InstalledBrick>> nextHistory, LoadedBrick added)
            throws StateNotSavedException {
        HostState state = HostState.of(next.bricks().stream().map(LoadedBrick::info).toList(), nextHistory);
        try {
            storage.save(state);
        } catch (StateNotSavedException e) {
            next.release();
            if (added != null) {
                bundles.discard(added);
            }
            storage.collectGarbage(savedDigests());
            throw e;
        }
        makeCurrent(next);
        history = nextHistory;
        storage.collectGarbage(state.digests());
        verdicts.keySet().retainAll(state.digests());
        precisionVerdicts.keySet().retainAll(state.digests());
    }

    /** The digests of the archives the current state names. */
    private Set<String> savedDigests() {
        return HostState.of(current.bricks().stream().map(LoadedBrick::info).toList(), history).digests();
    }

    private void makeCurrent(BrickSet next) {
        BrickSet previous = current;
        current = next;
        previous.release();
    }

    /**
     * Keeps a staged archive, loads it and admits it; on failure the kept archive is deleted again unless the
     * current state names it.
     */
    private LoadedBrick loadKept(Path staged, VerifiedBrick verified, LoadedBrick replaced, BrickSource source)
            throws BrickException, IOException {
        try {
            Path kept = storage.keep(staged, verified.sha256());
            LoadedBrick loaded = bundles.load(kept, verified.manifest(), verified.sha256(), current, source);
            admit(loaded, replaced);
            return loaded;
        } catch (BrickException | IOException | RuntimeException e) {
            storage.collectGarbage(savedDigests());
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

    /** The format checks, plus the base model build when the brick names this host's model. */
    private VerifiedBrick verify(Path archive) throws BrickException, IOException {
        VerifiedBrick verified = verifier.verify(archive);
        BrickVerifier.requireKnownBuild(verified.manifest());
        return verified;
    }
}

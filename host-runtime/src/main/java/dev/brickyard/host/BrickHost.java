package dev.brickyard.host;

import dev.brickyard.api.BrickConflictException;
import dev.brickyard.api.BrickException;
import dev.brickyard.api.BrickId;
import dev.brickyard.api.BrickNotFoundException;
import dev.brickyard.api.CompositeBrick;
import dev.brickyard.api.CompositeRecipe;
import dev.brickyard.api.IncompatibleBrickException;
import dev.brickyard.api.SemVer;
import dev.brickyard.base.BaseModel;
import dev.brickyard.base.verify.BrickVerifier;
import dev.brickyard.base.verify.VerifiedBrick;
import dev.brickyard.host.batch.BatchStatistics;
import dev.brickyard.host.batch.EmbeddingBatcher;
import dev.brickyard.host.framework.EmbeddedFramework;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import org.osgi.framework.BundleException;

/**
 * A running base model plus an embedded OSGi framework whose bundles are bricks. Install, swap, roll back and
 * uninstall bricks while requests are served: each change loads and smoke-tests the new brick first, then makes a
 * new {@link BrickSet} current in one step. A request answers from the set that was current when it started, so it
 * never sees half a change, and a brick taken out keeps its native memory until the last request using it ends.
 * Changes are serialised among themselves; requests never wait for them.
 *
 * <p>Archives are staged and kept in the host's storage folder ({@code HostStorage} documents its layout); the host
 * opens empty.
 */
public final class BrickHost implements AutoCloseable {
    /** How many earlier versions of a brick are kept for rollback. */
    public static final int HISTORY = 3;

    private final HostOptions options;
    private final BaseModel baseModel;
    private final EmbeddedFramework framework;
    private final BrickBundles bundles;
    private final EmbeddingBatcher batcher;
    private final Inferencer inferencer;
    private final ActivationReader activationReader;
    private final BrickVerifier verifier = new BrickVerifier();
    private final HostStorage storage;
    private final ReentrantLock changes = new ReentrantLock();
    private final Map<BrickId, Deque<InstalledBrick>> history = new HashMap<>();
    private volatile BrickSet current = BrickSet.empty();

    private BrickHost(HostOptions options, BaseModel baseModel, EmbeddedFramework framework, HostStorage storage,
                      SmokeTest smokeTest) {
        this.options = options;
        this.baseModel = baseModel;
        this.framework = framework;
        this.storage = storage;
        this.bundles = new BrickBundles(framework, options.graph(), smokeTest);
        this.batcher = new EmbeddingBatcher(baseModel, options.maxBatch(), options.maxWaitMicros());
        this.inferencer = new Inferencer(batcher);
        this.activationReader = new ActivationReader(baseModel);
    }

    /** Loads the base model and starts the framework. */
    public static BrickHost open(HostOptions options) throws BrickException {
        HostStorage storage = HostStorage.open(options.storage());
        BaseModel baseModel = null;
        try {
            baseModel = BaseModel.load(options.variant(), Runtime.getRuntime().availableProcessors(),
                    options.spinWhileIdle(), options.graph());
            SmokeTest smokeTest = new SmokeTest(baseModel);
            EmbeddedFramework framework = EmbeddedFramework.start(storage.felixFolder(), baseModel.reference());
            return new BrickHost(options, baseModel, framework, storage, smokeTest);
        } catch (BrickException | BundleException | RuntimeException e) {
            if (baseModel != null) {
                baseModel.close();
            }
            storage.close();
            throw e instanceof BrickException brick ? brick
                    : new BrickException("cannot start the OSGi framework: " + e.getMessage(), e);
        }
    }

    /** The base model this host runs. */
    public BaseModel baseModel() {
        return baseModel;
    }

    /** Where uploads and downloads are staged before {@link #install(Path)}: the host's own file system. */
    public Path stagingFolder() {
        return storage.stagingFolder();
    }

    /** The options the host was opened with. */
    public HostOptions options() {
        return options;
    }

    /** How the batcher has grouped requests so far. */
    public BatchStatistics batchStatistics() {
        return batcher.statistics();
    }

    /**
     * Verifies a brick archive and installs it, or changes nothing.
     *
     * @throws dev.brickyard.api.MalformedBrickException when the archive breaks the format
     * @throws IncompatibleBrickException when the OSGi resolver cannot satisfy it (another base model, say)
     * @throws BrickConflictException when a brick with the same id is installed
     * @throws MemoryBudgetException when its weights do not fit in the memory budget
     */
    public InstalledBrick install(Path archive) throws BrickException, IOException {
        try (InputStream in = Files.newInputStream(archive)) {
            return storage.staged(in, archive.getFileName().toString(), this::installStaged);
        }
    }

    /** Installs an archive read from a stream (staged to a file and verified first). */
    public InstalledBrick install(InputStream archive) throws BrickException, IOException {
        return storage.staged(archive, this::installStaged);
    }

    private InstalledBrick installStaged(Path archive) throws BrickException, IOException {
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
     * Swaps an installed brick to the version in the archive. The new version is installed beside the old one,
     * loaded and smoke-tested; only then does it answer new requests, while requests already running finish on the
     * old one. If the new version fails to resolve, load or answer, nothing changes and the failure is thrown. Does
     * nothing when the archive's digest equals the installed one.
     *
     * @throws BrickNotFoundException when no brick with the archive's id is installed
     */
    public InstalledBrick update(Path archive) throws BrickException, IOException {
        try (InputStream in = Files.newInputStream(archive)) {
            return storage.staged(in, archive.getFileName().toString(), staged -> updateStaged(staged, null));
        }
    }

    /** Swaps from a stream (staged to a file and verified first). */
    public InstalledBrick update(InputStream archive) throws BrickException, IOException {
        return storage.staged(archive, staged -> updateStaged(staged, null));
    }

    /**
     * Swaps brick {@code id} from a stream, refusing a bundle of another brick (as an HTTP {@code PUT} to the brick's
     * address must).
     *
     * @throws dev.brickyard.api.MalformedBrickException when the bundle is another brick
     */
    public InstalledBrick update(BrickId id, InputStream archive) throws BrickException, IOException {
        return storage.staged(archive, staged -> updateStaged(staged, id));
    }

    private InstalledBrick updateStaged(Path archive, BrickId expected) throws BrickException, IOException {
        VerifiedBrick verified = verify(archive);
        BrickId id = verified.manifest().brickId();
        if (expected != null && !expected.equals(id)) {
            throw new dev.brickyard.api.MalformedBrickException("the bundle is " + id + ", not " + expected);
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

    /**
     * Swaps a brick back to the version it had before its last swap (up to {@value #HISTORY} steps back). The
     * version rolled back from is dropped, not kept for a roll forward.
     *
     * @throws NoPreviousVersionException when there is no earlier version
     */
    public InstalledBrick rollback(BrickId id) throws BrickException, IOException {
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
    public List<InstalledBrick> history(BrickId id) {
        changes.lock();
        try {
            return List.copyOf(history.getOrDefault(id, new ArrayDeque<>()));
        } finally {
            changes.unlock();
        }
    }

    /**
     * Uninstalls a brick: new requests no longer see it at once, and its native memory is freed when the requests
     * already using it end (at once when there are none).
     *
     * @throws BrickNotFoundException when it is not installed
     */
    public void uninstall(BrickId id) throws BrickException, IOException {
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

    /** The installed bricks, in install order (a swapped brick keeps its place). */
    public List<InstalledBrick> bricks() {
        return current.bricks().stream().map(LoadedBrick::info).toList();
    }

    /** The generation of the current brick set: it grows by one with every install, swap, rollback and uninstall. */
    public long generation() {
        return current.generation();
    }

    /** Bytes of weights of the installed bricks. */
    public long brickMemoryBytes() {
        return current.bricks().stream().mapToLong(loaded -> loaded.info().weightBytes()).sum();
    }

    /** Bricks loaded but no longer installed, still finishing requests that started before they were taken out. */
    public int drainingBricks() {
        return Math.max(0, bundles.loadedBricks() - current.bricks().size());
    }

    /**
     * The bundles in the OSGi framework other than the system bundle, as {@code symbolic-name version state},
     * for diagnostics: after a failed install, none of the refused brick's bundles remain.
     */
    public List<String> osgiBundles() {
        return bundles.describe();
    }

    /** Answers one text with the named bricks, or with every installed brick when none is named. */
    public Inference infer(String text, List<BrickId> bricks) throws BrickException {
        return infer(List.of(text), bricks).get(0);
    }

    /** Answers a batch of texts with the named bricks, or with every installed brick when none is named. */
    public List<Inference> infer(List<String> texts, List<BrickId> bricks) throws BrickException {
        return infer(new InferenceRequest(texts, bricks, null, Map.of()));
    }

    /**
     * Answers a request from one brick set: the base model embeds the texts (in one run, with other requests'
     * texts when they arrive together), routing picks bricks per text if asked, each brick runs on the texts it was
     * chosen for, and heads with the same labels are combined. A brick that fails at run time fails only its own
     * answers, which say why.
     *
     * @throws BrickNotFoundException when a named brick is not installed
     * @throws IllegalArgumentException when answering bricks are named with routing, or two named adapters change
     *                                  the same site
     */
    public List<Inference> infer(InferenceRequest request) throws BrickException {
        BrickSet set = acquire();
        try {
            return inferencer.answer(set, request);
        } finally {
            set.release();
        }
    }

    /**
     * Reads the FFN activations of the base model for one text, with the named adapters and neuron bricks applied
     * (activations are read before the neuron masks, so a mask shows in later layers only).
     *
     * @throws BrickNotFoundException when a named brick is not installed
     * @throws IllegalArgumentException when a named brick is not an adapter or neuron brick, or two named adapters
     *                                  change the same site
     * @throws IncompatibleBrickException when the host's base graph has no activation outputs
     */
    public ActivationReading activations(String text, List<BrickId> bricks) throws BrickException {
        BrickSet set = acquire();
        try {
            return activationReader.read(set, text, bricks);
        } finally {
            set.release();
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

    /** The current set, with a use added; the caller releases it. */
    private BrickSet acquire() {
        while (true) {
            BrickSet set = current;
            if (set.tryAcquire()) {
                return set;
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
        long budget = options.brickMemoryBytes();
        if (budget <= 0) {
            return;
        }
        long after = brickMemoryBytes() - (replaced == null ? 0 : replaced.info().weightBytes())
                + loaded.info().weightBytes();
        if (after > budget) {
            bundles.discard(loaded);
            throw new MemoryBudgetException(loaded.info() + " needs " + loaded.info().weightBytes()
                    + " bytes of weights; with it the bricks would hold " + after + " bytes, over the budget of "
                    + budget + " (--brick-memory); uninstall a brick first");
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
            while (past.size() > HISTORY) {
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

    /** Stops the batcher, every brick, the framework and the base model; deletes temporary storage. */
    @Override
    public void close() {
        changes.lock();
        try {
            batcher.close();
            bundles.close();
            current = BrickSet.empty();
            framework.close();
            baseModel.close();
            storage.close();
        } finally {
            changes.unlock();
        }
    }
}

package dev.brickyard.host;

import dev.brickyard.api.BrickConflictException;
import dev.brickyard.api.BrickException;
import dev.brickyard.api.BrickNotFoundException;
import dev.brickyard.api.IncompatibleBrickException;
import dev.brickyard.api.version.BrickId;
import dev.brickyard.base.BaseModel;
import dev.brickyard.host.batch.BatchStatistics;
import dev.brickyard.host.batch.EmbeddingBatcher;
import dev.brickyard.host.framework.EmbeddedFramework;
import dev.brickyard.host.precision.PrecisionVerdict;
import dev.brickyard.host.trust.TrustVerdict;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.osgi.framework.BundleException;

/**
 * A running base model plus an embedded OSGi framework whose bundles are bricks. Install, swap, roll back and
 * uninstall bricks while requests are served: each change loads and smoke-tests the new brick first, then makes a
 * new {@link BrickSet} current in one step. A request answers from the set that was current when it started, so it
 * never sees half a change, and a brick taken out keeps its native memory until the last request using it ends.
 * Changes are serialised among themselves; requests never wait for them.
 *
 * <p>This class owns the parts that do the work and closes them: the storage folder ({@code HostStorage}, which
 * documents its layout), the changes ({@code BrickLifecycle}), the framework's bundles ({@code BrickBundles}),
 * answering ({@code Inferencer}) and activation reads ({@code ActivationReader}).
 *
 * <p>With a storage folder of its own ({@link HostOptions#storage()}), the host saves its state there on every
 * change, before the change takes effect ({@code HostState}, {@code StateFile}), and a host opened on the folder
 * again restores it: the same bricks at the same versions, with their rollback histories, from the bundles it kept.
 * With a temporary folder, the host opens empty.
 */
public final class BrickHost implements AutoCloseable {
    /** How many earlier versions of a brick are kept for rollback. */
    public static final int HISTORY = 3;

    private final HostOptions options;
    private final HostStorage storage;
    private final BaseModel baseModel;
    private final EmbeddedFramework framework;
    private final EmbeddingBatcher batcher;
    private final BrickBundles bundles;
    private final BrickLifecycle lifecycle;
    private final Inferencer inferencer;
    private final ActivationReader activationReader;

    private BrickHost(HostOptions options, HostStorage storage, BaseModel baseModel, EmbeddedFramework framework,
                      SmokeTest smokeTest) {
        this.options = options;
        this.storage = storage;
        this.baseModel = baseModel;
        this.framework = framework;
        this.bundles = new BrickBundles(framework, options.graph(), smokeTest);
        this.batcher = new EmbeddingBatcher(baseModel, options.maxBatch(), options.maxWaitMicros());
        this.lifecycle = new BrickLifecycle(storage, bundles, options.brickMemoryBytes(), options.trust(),
                options.precision());
        this.inferencer = new Inferencer(batcher);
        this.activationReader = new ActivationReader(baseModel);
    }

    /**
     * Loads the base model, starts the framework and restores the bricks an earlier run saved in the storage folder,
     * if any. Returns once every saved brick serves again.
     *
     * @throws HostStateException when the saved state cannot be restored: the state file is unreadable, corrupt or
     *                            of a newer format, or a kept bundle is missing, changed or refused. The host does
     *                            not start; the message names the file and how to start over
     */
    public static BrickHost open(HostOptions options) throws BrickException {
        return open(options, StateFile.Disk.REAL);
    }

    /** Opens a host whose state file reaches the device through {@code disk}: tests give it a full disk. */
    static BrickHost open(HostOptions options, StateFile.Disk disk) throws BrickException {
        HostStorage storage = HostStorage.open(options.storage(), disk);
        BaseModel baseModel = null;
        BrickHost host = null;
        try {
            HostState saved = storage.savedState();
            baseModel = BaseModel.load(options.variant(), Runtime.getRuntime().availableProcessors(),
                    options.spinWhileIdle(), options.graph());
            SmokeTest smokeTest = new SmokeTest(baseModel);
            EmbeddedFramework framework = EmbeddedFramework.start(storage.felixFolder(), baseModel.reference());
            host = new BrickHost(options, storage, baseModel, framework, smokeTest);
            host.lifecycle.restore(saved);
            return host;
        } catch (BrickException | BundleException | RuntimeException e) {
            if (host != null) {
                host.close();
            } else {
                if (baseModel != null) {
                    baseModel.close();
                }
                storage.close();
            }
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

    /**
     * What the trust policy found for an installed brick, or for one of its earlier versions: its signer and whether
     * the policy trusts it.
     */
    public TrustVerdict trust(InstalledBrick brick) {
        return lifecycle.verdict(brick.sha256());
    }

    /**
     * What the precision policy found for an installed brick, or for one of its earlier versions: whether the host's
     * base model build changes its answers, as its card shows. Null for a version not checked since the host started
     * (an earlier version is checked when it is rolled back to).
     */
    public PrecisionVerdict precision(InstalledBrick brick) {
        return lifecycle.precisionVerdict(brick.sha256());
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
        return install(archive, BrickSource.UPLOAD);
    }

    /**
     * Installs an archive that came from {@code source}, which the host keeps with the brick.
     *
     * @throws StateNotSavedException when the change cannot be saved in the storage folder; nothing changed
     */
    public InstalledBrick install(Path archive, BrickSource source) throws BrickException, IOException {
        try (InputStream in = Files.newInputStream(archive)) {
            return storage.staged(in, archive.getFileName().toString(), staged -> lifecycle.install(staged, source));
        }
    }

    /** Installs an archive read from a stream (staged to a file and verified first). */
    public InstalledBrick install(InputStream archive) throws BrickException, IOException {
        return storage.staged(archive, staged -> lifecycle.install(staged, BrickSource.UPLOAD));
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
        return update(archive, BrickSource.UPLOAD);
    }

    /** Swaps to an archive that came from {@code source}, which the host keeps with the brick. */
    public InstalledBrick update(Path archive, BrickSource source) throws BrickException, IOException {
        try (InputStream in = Files.newInputStream(archive)) {
            return storage.staged(in, archive.getFileName().toString(),
                    staged -> lifecycle.update(staged, null, source));
        }
    }

    /** Swaps from a stream (staged to a file and verified first). */
    public InstalledBrick update(InputStream archive) throws BrickException, IOException {
        return storage.staged(archive, staged -> lifecycle.update(staged, null, BrickSource.UPLOAD));
    }

    /**
     * Swaps brick {@code id} from a stream, refusing a bundle of another brick (as an HTTP {@code PUT} to the brick's
     * address must).
     *
     * @throws dev.brickyard.api.MalformedBrickException when the bundle is another brick
     */
    public InstalledBrick update(BrickId id, InputStream archive) throws BrickException, IOException {
        return storage.staged(archive, staged -> lifecycle.update(staged, id, BrickSource.UPLOAD));
    }

    /**
     * Swaps a brick back to the version it had before its last swap (up to {@value #HISTORY} steps back). The
     * version rolled back from is dropped, not kept for a roll forward.
     *
     * @throws NoPreviousVersionException when there is no earlier version
     */
    public InstalledBrick rollback(BrickId id) throws BrickException, IOException {
        return lifecycle.rollback(id);
    }

    /** The versions a brick can be rolled back to, the most recent first. */
    public List<InstalledBrick> history(BrickId id) {
        return lifecycle.history(id);
    }

    /**
     * Uninstalls a brick: new requests no longer see it at once, and its native memory is freed when the requests
     * already using it end (at once when there are none).
     *
     * @throws BrickNotFoundException when it is not installed
     * @throws StateNotSavedException when the change cannot be saved in the storage folder; nothing changed
     */
    public void uninstall(BrickId id) throws BrickException {
        lifecycle.uninstall(id);
    }

    /** The installed bricks, in install order (a swapped brick keeps its place). */
    public List<InstalledBrick> bricks() {
        return lifecycle.current().bricks().stream().map(LoadedBrick::info).toList();
    }

    /** The generation of the current brick set: it grows by one with every install, swap, rollback and uninstall. */
    public long generation() {
        return lifecycle.current().generation();
    }

    /** Bytes of weights of the installed bricks. */
    public long brickMemoryBytes() {
        return lifecycle.brickMemoryBytes();
    }

    /** Bricks loaded but no longer installed, still finishing requests that started before they were taken out. */
    public int drainingBricks() {
        return lifecycle.drainingBricks();
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
        BrickSet set = lifecycle.acquire();
        try {
            return inferencer.answer(set, request);
        } finally {
            set.release();
        }
    }

    /**
     * The base model's sentence embeddings of the texts (mean-pooled, unit length), with the named adapters and
     * neuron bricks applied, from one brick set: the vectors {@link #infer(InferenceRequest)} hands its bricks, made
     * through the same batcher, with no brick answering.
     *
     * @throws BrickNotFoundException when a named brick is not installed
     * @throws IllegalArgumentException when a named brick is not an adapter or neuron brick, or two named adapters
     *                                  change the same site
     */
    public Embeddings embed(List<String> texts, List<BrickId> bricks) throws BrickException {
        BrickSet set = lifecycle.acquire();
        try {
            return inferencer.embed(set, texts, bricks);
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
        BrickSet set = lifecycle.acquire();
        try {
            return activationReader.read(set, text, bricks);
        } finally {
            set.release();
        }
    }

    /** Stops the batcher, every brick, the framework and the base model; deletes temporary storage. */
    @Override
    public void close() {
        lifecycle.close(() -> {
            batcher.close();
            bundles.close();
            framework.close();
            baseModel.close();
            storage.close();
        });
    }
}

package dev.brickyard.host;

import dev.brickyard.api.Brick;
import dev.brickyard.api.BrickConflictException;
import dev.brickyard.api.BrickException;
import dev.brickyard.api.BrickExecutionException;
import dev.brickyard.api.BrickId;
import dev.brickyard.api.BrickNotFoundException;
import dev.brickyard.api.Classification;
import dev.brickyard.api.CompositeBrick;
import dev.brickyard.api.CompositeRecipe;
import dev.brickyard.api.HeadBrick;
import dev.brickyard.api.IncompatibleBrickException;
import dev.brickyard.api.KnowledgeBrick;
import dev.brickyard.api.KnowledgeMatch;
import dev.brickyard.api.SemVer;
import dev.brickyard.base.BaseModel;
import dev.brickyard.base.graph.FfnActivations;
import dev.brickyard.base.graph.LoraAdapter;
import dev.brickyard.base.graph.NeuronMask;
import dev.brickyard.base.verify.BrickVerifier;
import dev.brickyard.base.verify.VerifiedBrick;
import dev.brickyard.host.batch.BatchStatistics;
import dev.brickyard.host.batch.EmbeddingBatcher;
import dev.brickyard.host.brick.InsideBrick;
import dev.brickyard.host.brick.LoraAdapterBrick;
import dev.brickyard.host.brick.NeuronMaskBrick;
import dev.brickyard.host.compose.Combiner;
import dev.brickyard.host.extender.BrickExtender;
import dev.brickyard.host.framework.EmbeddedFramework;
import dev.brickyard.host.route.RouteScore;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleException;

/**
 * A running base model plus an embedded OSGi framework whose bundles are bricks. Install, swap, roll back and
 * uninstall bricks while requests are served: each change loads and smoke-tests the new brick first, then makes a
 * new {@link BrickSet} current in one step. A request answers from the set that was current when it started, so it
 * never sees half a change, and a brick taken out keeps its native memory until the last request using it ends.
 * Changes are serialised among themselves; requests never wait for them.
 *
 * <pre>
 * storage/
 *   felix/                    OSGi bundle cache, emptied when the host opens
 *   archives/&lt;sha256&gt;.jar     the archive of every installed brick and of up to {@value #HISTORY} earlier
 *                             versions of each, kept to roll a swap back
 *   staging/                  archives being copied in and verified; what is verified is what gets installed
 * </pre>
 * The host opens empty: {@code archives/} and {@code staging/} are emptied when it opens.
 */
public final class BrickHost implements AutoCloseable {
    /** How many earlier versions of a brick are kept for rollback. */
    public static final int HISTORY = 3;
    /** What a bundle that arrives as a stream is called in messages. */
    private static final String UPLOADED = "uploaded-bundle.jar";
    private static final String PROBE_TEXT = "Brickyard checks that a brick answers before it serves.";

    private final HostOptions options;
    private final BaseModel baseModel;
    private final EmbeddedFramework framework;
    private final BrickExtender extender;
    private final EmbeddingBatcher batcher;
    private final BrickVerifier verifier = new BrickVerifier();
    private final Path storage;
    private final boolean temporaryStorage;
    private final float[][] probe;
    private final ReentrantLock changes = new ReentrantLock();
    private final Set<LoadedBrick> alive = ConcurrentHashMap.newKeySet();
    private final Map<BrickId, Deque<InstalledBrick>> history = new HashMap<>();
    private final AtomicLong locations = new AtomicLong();
    private volatile BrickSet current = BrickSet.empty();

    private BrickHost(HostOptions options, BaseModel baseModel, EmbeddedFramework framework, Path storage,
                      float[][] probe) {
        this.options = options;
        this.baseModel = baseModel;
        this.framework = framework;
        this.storage = storage;
        this.temporaryStorage = options.storage() == null;
        this.probe = probe;
        this.extender = new BrickExtender(framework.context(), options.graph());
        this.extender.open();
        this.batcher = new EmbeddingBatcher(baseModel, options.maxBatch(), options.maxWaitMicros());
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
            baseModel = BaseModel.load(options.variant(), Runtime.getRuntime().availableProcessors(),
                    options.spinWhileIdle(), options.graph());
            float[][] probe = baseModel.embed(List.of(PROBE_TEXT));
            EmbeddedFramework framework = EmbeddedFramework.start(storage.resolve("felix"), baseModel.reference());
            return new BrickHost(options, baseModel, framework, storage, probe);
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

    /** Where uploads and downloads are staged before {@link #install(Path)}: the host's own file system. */
    public Path stagingFolder() {
        return storage.resolve("staging");
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
            return staged(in, archive.getFileName().toString(), this::installStaged);
        }
    }

    /** Installs an archive read from a stream (staged to a file and verified first). */
    public InstalledBrick install(InputStream archive) throws BrickException, IOException {
        return staged(archive, this::installStaged);
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
            return staged(in, archive.getFileName().toString(), staged -> updateStaged(staged, null));
        }
    }

    /** Swaps from a stream (staged to a file and verified first). */
    public InstalledBrick update(InputStream archive) throws BrickException, IOException {
        return staged(archive, staged -> updateStaged(staged, null));
    }

    /**
     * Swaps brick {@code id} from a stream, refusing a bundle of another brick (as an HTTP {@code PUT} to the brick's
     * address must).
     *
     * @throws dev.brickyard.api.MalformedBrickException when the bundle is another brick
     */
    public InstalledBrick update(BrickId id, InputStream archive) throws BrickException, IOException {
        return staged(archive, staged -> updateStaged(staged, id));
    }

    private InstalledBrick updateStaged(Path archive, BrickId expected) throws BrickException, IOException {
        VerifiedBrick verified = verify(archive);
        BrickId id = verified.manifest().brickId();
        if (expected != null && !expected.equals(id)) {
            throw new dev.brickyard.api.MalformedBrickException("the bundle is " + id + ", not " + expected);
        }
        changes.lock();
        try {
            LoadedBrick old = installedOrThrow(id);
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
            LoadedBrick old = installedOrThrow(id);
            Deque<InstalledBrick> past = history.getOrDefault(id, new ArrayDeque<>());
            if (past.isEmpty()) {
                throw new NoPreviousVersionException(id + "@" + old.info().version()
                        + " has no earlier version on this host to roll back to");
            }
            InstalledBrick previous = past.peek();
            requireNotNeeded(id, previous.version());
            Path archive = archivePath(previous.sha256());
            LoadedBrick loaded = load(archive, verifier.verify(archive));
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
            LoadedBrick old = installedOrThrow(id);
            requireNotNeeded(id, null);
            makeCurrent(current.without(id));
            retire(old, false);
            for (InstalledBrick previous : history.getOrDefault(id, new ArrayDeque<>())) {
                Files.deleteIfExists(archivePath(previous.sha256()));
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
        return Math.max(0, alive.size() - current.bricks().size());
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
            List<LoadedBrick> named = new ArrayList<>();
            List<LoadedBrick> inside = new ArrayList<>();
            for (BrickId id : request.bricks()) {
                LoadedBrick loaded = installedOrThrow(set, id);
                (loaded.brick() instanceof InsideBrick ? inside : named).add(loaded);
            }
            if (request.route() != null && !named.isEmpty()) {
                throw new IllegalArgumentException("name the bricks that answer or route, not both (adapters and "
                        + "neuron bricks may be named with route): " + named.stream().map(LoadedBrick::info).toList());
            }
            ModelChanges changes = ModelChanges.of(inside);
            List<String> texts = request.texts();
            float[][] embeddings = texts.isEmpty() ? new float[0][]
                    : batcher.embed(texts, changes.adapters(), changes.mask());
            List<List<RouteScore>> routes = new ArrayList<>();
            List<List<LoadedBrick>> chosen = new ArrayList<>();
            for (float[] embedding : embeddings) {
                if (request.route() != null) {
                    List<RouteScore> top = set.router().top(embedding, request.route().topK(),
                            request.route().minScore());
                    routes.add(top);
                    chosen.add(top.stream().map(score -> set.get(score.brick())).toList());
                } else {
                    routes.add(List.of());
                    chosen.add(named.isEmpty() ? set.answering() : named);
                }
            }
            Map<LoadedBrick, Map<Integer, BrickAnswer>> answered = run(set, embeddings, chosen, routes,
                    request.knowledge());
            List<InstalledBrick> applied = inside.stream().map(LoadedBrick::info).toList();
            List<Inference> result = new ArrayList<>(texts.size());
            for (int i = 0; i < texts.size(); i++) {
                List<BrickAnswer> answers = new ArrayList<>();
                for (LoadedBrick loaded : chosen.get(i)) {
                    BrickAnswer answer = answered.get(loaded).get(i);
                    if (answer != null) {
                        answers.add(answer);
                    }
                }
                result.add(new Inference(texts.get(i), set.generation(), routes.get(i), answers,
                        Combiner.combine(answers, request.weights()), applied,
                        request.includeEmbedding() ? embeddings[i] : null));
            }
            return result;
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
            List<LoadedBrick> inside = new ArrayList<>();
            for (BrickId id : bricks) {
                LoadedBrick loaded = installedOrThrow(set, id);
                if (!(loaded.brick() instanceof InsideBrick)) {
                    throw new IllegalArgumentException(loaded.info() + " is a " + loaded.info().kind().jsonName()
                            + " brick; only adapters and neuron bricks change the activations");
                }
                inside.add(loaded);
            }
            ModelChanges changes = ModelChanges.of(inside);
            FfnActivations activations = baseModel.activations(text, changes.adapters(), changes.mask());
            return new ActivationReading(activations, inside.stream().map(LoadedBrick::info).toList());
        } finally {
            set.release();
        }
    }

    /** What the adapters and neuron bricks of a request do to the base model's run. */
    private record ModelChanges(List<LoraAdapter> adapters, NeuronMask mask) {
        static ModelChanges of(List<LoadedBrick> inside) {
            List<LoraAdapter> adapters = new ArrayList<>();
            NeuronMask mask = NeuronMask.NONE;
            for (LoadedBrick loaded : inside) {
                if (loaded.brick() instanceof LoraAdapterBrick adapter) {
                    adapters.add(adapter.adapter());
                } else if (loaded.brick() instanceof NeuronMaskBrick neurons) {
                    mask = mask.and(neurons.mask());
                }
            }
            LoraAdapter.requireDisjoint(adapters);
            // One order for one set of adapters, so requests naming them in any order share base-model runs.
            adapters.sort(Comparator.comparing(LoraAdapter::name));
            return new ModelChanges(List.copyOf(adapters), mask);
        }
    }

    /** Runs each chosen brick once, on the rows (texts) it was chosen for. */
    private static Map<LoadedBrick, Map<Integer, BrickAnswer>> run(BrickSet set, float[][] embeddings,
                                                                  List<List<LoadedBrick>> chosen,
                                                                  List<List<RouteScore>> routes,
                                                                  InferenceRequest.Lookup lookup) {
        Map<LoadedBrick, List<Integer>> rows = new LinkedHashMap<>();
        for (int i = 0; i < chosen.size(); i++) {
            for (LoadedBrick loaded : chosen.get(i)) {
                rows.computeIfAbsent(loaded, key -> new ArrayList<>()).add(i);
            }
        }
        Map<LoadedBrick, Map<Integer, BrickAnswer>> answered = new HashMap<>();
        for (Map.Entry<LoadedBrick, List<Integer>> entry : rows.entrySet()) {
            LoadedBrick loaded = entry.getKey();
            List<Integer> mine = entry.getValue();
            Map<Integer, BrickAnswer> answers = new HashMap<>();
            answered.put(loaded, answers);
            float[][] input = new float[mine.size()][];
            for (int r = 0; r < mine.size(); r++) {
                input[r] = embeddings[mine.get(r)];
            }
            InstalledBrick info = loaded.info();
            try {
                if (loaded.brick() instanceof HeadBrick || loaded.brick() instanceof CompositeBrick) {
                    List<Classification> classifications = classify(set, loaded.brick(), input);
                    for (int r = 0; r < mine.size(); r++) {
                        answers.put(mine.get(r), new BrickAnswer(info.id(), info.version(),
                                routeScore(routes.get(mine.get(r)), info.id()), classifications.get(r), null, null));
                    }
                } else if (loaded.brick() instanceof KnowledgeBrick memory) {
                    List<List<KnowledgeMatch>> matches = memory.lookup(input, lookup.topK(), lookup.minScore());
                    for (int r = 0; r < mine.size(); r++) {
                        answers.put(mine.get(r), new BrickAnswer(info.id(), info.version(),
                                routeScore(routes.get(mine.get(r)), info.id()), null, matches.get(r), null));
                    }
                }
            } catch (BrickException | RuntimeException e) {
                String reason = e.getMessage() == null ? e.toString() : e.getMessage();
                for (Integer row : mine) {
                    answers.put(row, new BrickAnswer(info.id(), info.version(), routeScore(routes.get(row), info.id()),
                            null, null, reason));
                }
            }
        }
        return answered;
    }

    /** A head's answers, or a composite's: the weighted average of its components' answers from the same set. */
    private static List<Classification> classify(BrickSet set, Brick brick, float[][] input) throws BrickException {
        if (brick instanceof HeadBrick head) {
            return head.classify(input);
        }
        CompositeBrick composite = (CompositeBrick) brick;
        List<String> labels = composite.manifest().labels();
        List<CompositeRecipe.Component> components = composite.recipe().components();
        List<List<Classification>> parts = new ArrayList<>();
        float[] weights = new float[components.size()];
        for (int c = 0; c < components.size(); c++) {
            CompositeRecipe.Component component = components.get(c);
            LoadedBrick part = set.get(component.brick());
            String needs = composite.id() + "@" + composite.version() + " needs " + component.brick() + "@"
                    + component.range();
            if (part == null) {
                throw new BrickExecutionException(needs + ", which is not installed", null);
            }
            if (!component.range().contains(part.info().version())) {
                throw new BrickExecutionException(needs + " but " + part.info() + " is installed", null);
            }
            if (!(part.brick() instanceof HeadBrick head)) {
                throw new BrickExecutionException(needs + ", which is not a head", null);
            }
            List<Classification> answers = head.classify(input);
            for (int row = 0; row < input.length; row++) {
                Map<String, Float> byLabel = answers.get(row).byLabel();
                for (String label : labels) {
                    if (!byLabel.containsKey(label)) {
                        throw new BrickExecutionException(needs + ", whose labels " + byLabel.keySet()
                                + " lack '" + label + "'", null);
                    }
                }
            }
            parts.add(answers);
            weights[c] = (float) component.weight();
        }
        weights = Combiner.normalise(weights);
        List<Classification> combined = new ArrayList<>(input.length);
        for (int row = 0; row < input.length; row++) {
            List<Map<String, Float>> distributions = new ArrayList<>();
            for (List<Classification> answers : parts) {
                distributions.add(answers.get(row).byLabel());
            }
            combined.add(new Classification(labels, Combiner.average(labels, distributions, weights)));
        }
        return combined;
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

    private static Float routeScore(List<RouteScore> routes, BrickId id) {
        for (RouteScore score : routes) {
            if (score.brick().equals(id)) {
                return score.score();
            }
        }
        return null;
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

    private LoadedBrick installedOrThrow(BrickId id) throws BrickNotFoundException {
        return installedOrThrow(current, id);
    }

    private static LoadedBrick installedOrThrow(BrickSet set, BrickId id) throws BrickNotFoundException {
        LoadedBrick loaded = set.get(id);
        if (loaded == null) {
            throw new BrickNotFoundException(id + " is not installed" + (set.bricks().isEmpty() ? " (no bricks are)"
                    : "; installed: " + set.ids()));
        }
        return loaded;
    }

    /**
     * Installs the archive as a new bundle beside any other version, starts it and smoke-tests its brick. On any
     * failure the bundle is gone again and the brick closed.
     */
    private LoadedBrick load(Path archive, VerifiedBrick verified) throws BrickException, IOException {
        String location = "brick:" + verified.manifest().id() + "@" + verified.manifest().version() + "#"
                + locations.incrementAndGet();
        Bundle bundle;
        try (InputStream in = Files.newInputStream(archive)) {
            bundle = framework.context().installBundle(location, in);
        } catch (BundleException e) {
            throw new BrickException("the framework refused " + verified.manifest().id() + ": " + e.getMessage(), e);
        }
        Brick brick = null;
        try {
            brick = activate(bundle, verified);
            smokeTest(brick);
            InstalledBrick info = new InstalledBrick(brick.id(), brick.version(), brick.manifest().kind(),
                    brick.manifest().labels(), bundle.getBundleId(), verified.sha256(), brick.weightBytes());
            return new LoadedBrick(info, brick, alive);
        } catch (BrickException | RuntimeException e) {
            if (brick != null) {
                brick.close();
            }
            uninstallQuietly(bundle);
            throw e;
        }
    }

    /** A brick must answer a probe input sensibly before it may serve. */
    private void smokeTest(Brick brick) throws BrickException {
        if (brick instanceof InsideBrick inside) {
            ModelChanges changes = inside instanceof LoraAdapterBrick adapter
                    ? new ModelChanges(List.of(adapter.adapter()), NeuronMask.NONE)
                    : new ModelChanges(List.of(), ((NeuronMaskBrick) inside).mask());
            float[] embedding = baseModel.embed(List.of(PROBE_TEXT), changes.adapters(), List.of(changes.mask()))[0];
            double norm = 0;
            for (float value : embedding) {
                norm += value * value;
            }
            if (!Double.isFinite(norm) || Math.abs(norm - 1) > 1e-3) {
                throw new BrickExecutionException(brick.id() + "@" + brick.version() + " failed its smoke test: "
                        + "with it the base model's embedding is not a unit vector (squared norm " + norm + ")", null);
            }
        } else if (brick instanceof HeadBrick || brick instanceof CompositeBrick) {
            List<Classification> answer = classify(current, brick, probe);
            float sum = 0;
            for (float p : answer.get(0).probabilities()) {
                if (!Float.isFinite(p) || p < -1e-4f || p > 1.0001f) {
                    throw new BrickExecutionException(brick.id() + "@" + brick.version()
                            + " failed its smoke test: it answered " + p + ", not a probability", null);
                }
                sum += p;
            }
            if (Math.abs(sum - 1) > 1e-2f) {
                throw new BrickExecutionException(brick.id() + "@" + brick.version()
                        + " failed its smoke test: its probabilities sum to " + sum, null);
            }
        } else if (brick instanceof KnowledgeBrick memory) {
            List<KnowledgeMatch> best = memory.lookup(probe, 1, -1.0001f).get(0);
            if (best.size() != 1 || !Float.isFinite(best.get(0).score())) {
                throw new BrickExecutionException(brick.id() + "@" + brick.version()
                        + " failed its smoke test: it found no fact with a finite score", null);
            }
        }
    }

    /**
     * Keeps a staged archive, loads it and admits it; on failure the archive is deleted again unless another
     * installed or earlier version has the same bytes.
     */
    private LoadedBrick loadKept(Path staged, VerifiedBrick verified, LoadedBrick replaced)
            throws BrickException, IOException {
        Path kept = keep(staged, verified);
        try {
            LoadedBrick loaded = load(kept, verified);
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
            discard(loaded);
            throw new MemoryBudgetException(loaded.info() + " needs " + loaded.info().weightBytes()
                    + " bytes of weights; with it the bricks would hold " + after + " bytes, over the budget of "
                    + budget + " (--brick-memory); uninstall a brick first");
        }
    }

    /** Undoes a load that will not serve: brick closed, bundle uninstalled. */
    private void discard(LoadedBrick loaded) {
        loaded.close();
        Bundle bundle = framework.context().getBundle(loaded.info().bundleId());
        if (bundle != null) {
            uninstallQuietly(bundle);
        }
    }

    /**
     * Takes a brick that is no longer current out of the framework. Its brick object lives on until the requests
     * using it end. Its archive is kept for rollback when {@code keep} is true, else deleted.
     */
    private void retire(LoadedBrick old, boolean keep) throws IOException {
        Bundle bundle = framework.context().getBundle(old.info().bundleId());
        if (bundle != null) {
            uninstallQuietly(bundle);
        }
        if (keep) {
            Deque<InstalledBrick> past = history.computeIfAbsent(old.info().id(), key -> new ArrayDeque<>());
            past.push(old.info());
            while (past.size() > HISTORY) {
                String dropped = past.removeLast().sha256();
                if (!referenced(dropped)) {
                    Files.deleteIfExists(archivePath(dropped));
                }
            }
        } else if (!referenced(old.info().sha256())) {
            Files.deleteIfExists(archivePath(old.info().sha256()));
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

    private Brick activate(Bundle bundle, VerifiedBrick verified) throws BrickException {
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
        return extender.claim(bundle).orElseThrow(() -> new BrickException(verified.manifest().id() + " did not load"));
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
        return staged(archive, UPLOADED, operation);
    }

    /**
     * Writes the stream to a staging file named {@code name} (in a folder of its own, so error messages name the
     * file the caller knows rather than a temporary name), applies the operation to it and deletes it, whatever
     * happens.
     */
    private InstalledBrick staged(InputStream archive, String name, ArchiveOperation operation)
            throws BrickException, IOException {
        Path folder = Files.createTempDirectory(storage.resolve("staging"), "upload-");
        Path staged = folder.resolve(name);
        try {
            Files.copy(archive, staged, StandardCopyOption.REPLACE_EXISTING);
            return operation.apply(staged);
        } finally {
            Files.deleteIfExists(staged);
            Files.deleteIfExists(folder);
        }
    }

    private static void uninstallQuietly(Bundle bundle) {
        try {
            bundle.uninstall();
        } catch (BundleException | IllegalStateException ignored) {
            // the bundle is already gone, which is what we wanted
        }
    }

    /** Stops the batcher, every brick, the framework and the base model; deletes temporary storage. */
    @Override
    public void close() {
        changes.lock();
        try {
            batcher.close();
            List.copyOf(alive).forEach(LoadedBrick::close);
            current = BrickSet.empty();
            extender.close();
            framework.close();
            baseModel.close();
            if (temporaryStorage) {
                deleteTree(storage);
            }
        } finally {
            changes.unlock();
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

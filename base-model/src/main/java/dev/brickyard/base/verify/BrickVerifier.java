package dev.brickyard.base.verify;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.brickyard.api.IncompatibleBrickException;
import dev.brickyard.api.MalformedBrickException;
import dev.brickyard.api.MalformedProvenanceException;
import dev.brickyard.api.kind.BrickKind;
import dev.brickyard.api.manifest.BrickHeaders;
import dev.brickyard.api.manifest.BrickManifest;
import dev.brickyard.api.manifest.BrickProvenance;
import dev.brickyard.api.manifest.CompositeRecipe;
import dev.brickyard.api.manifest.CompositeRecipeJson;
import dev.brickyard.api.manifest.HeaderClause;
import dev.brickyard.api.manifest.IoSpec;
import dev.brickyard.api.manifest.ManifestJson;
import dev.brickyard.api.manifest.ProvenanceJson;
import dev.brickyard.api.manifest.TensorSpec;
import dev.brickyard.api.manifest.Violation;
import dev.brickyard.base.BaseModel;
import dev.brickyard.base.BaseModelVariant;
import dev.brickyard.base.knowledge.ValuesFile;
import dev.brickyard.base.onnx.OnnxSignature;
import dev.brickyard.base.sign.BrickSignatures;
import dev.brickyard.base.sign.SignatureOutcome;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BiConsumer;
import java.util.jar.Attributes;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * Verifies a brick archive: what {@code brick verify} prints, what a host checks before installing and what the
 * registry checks before storing. Format problems are collected and reported together; the first fatal one
 * (not a zip, a hostile entry) stops the check. A valid archive's jar signature is verified from the same read of
 * its entries ({@link BrickSignatures#verify}); whether it matters is the caller's to decide
 * ({@link VerifiedBrick#signature()}).
 */
public final class BrickVerifier {
    private static final String JAR_MANIFEST = "META-INF/MANIFEST.MF";
    /** Entries below this size are exempt from the compression-ratio check: they cannot hurt. */
    private static final long RATIO_EXEMPT_BYTES = 64 * 1024;

    /** How long a graph may take to answer the three probe embeddings before it is refused. */
    public static final Duration PROBE_TIMEOUT = Duration.ofSeconds(5);

    private final BrickArchiveLimits limits;
    private final Duration probeTimeout;
    private final boolean checkSignatures;

    public BrickVerifier() {
        this(BrickArchiveLimits.DEFAULT);
    }

    public BrickVerifier(BrickArchiveLimits limits) {
        this(limits, PROBE_TIMEOUT);
    }

    /** @param probeTimeout how long the probe run may take; zero refuses every graph that reaches the probe */
    public BrickVerifier(BrickArchiveLimits limits, Duration probeTimeout) {
        this(limits, probeTimeout, true);
    }

    private BrickVerifier(BrickArchiveLimits limits, Duration probeTimeout, boolean checkSignatures) {
        this.limits = limits;
        this.probeTimeout = probeTimeout;
        this.checkSignatures = checkSignatures;
    }

    /**
     * A verifier making the same checks but the jar signature's, for a caller that does not act on signatures (a host
     * under trust mode {@code off}): checking the signature block is most of the signature's cost, about 1 ms per
     * install. Its {@link VerifiedBrick#signature()} is {@link SignatureOutcome#notChecked()}.
     */
    public BrickVerifier withoutSignatures() {
        return new BrickVerifier(limits, probeTimeout, false);
    }

    /**
     * Checks the archive's structure, headers, manifest and weights.
     *
     * @throws MalformedBrickException listing what is wrong
     * @throws IOException when the file cannot be read at all
     */
    public VerifiedBrick verify(Path archive) throws MalformedBrickException, IOException {
        String sha256 = sha256(archive);
        long size = Files.size(archive);
        Map<String, byte[]> entries = readEntries(archive);
        List<Violation> violations = new ArrayList<>();

        byte[] jarManifest = entries.get(JAR_MANIFEST);
        Attributes headers = new Attributes();
        if (jarManifest == null) {
            violations.add(new Violation(JAR_MANIFEST, "missing: a brick is an OSGi bundle with a manifest"));
        } else {
            try {
                headers = new Manifest(new ByteArrayInputStream(jarManifest)).getMainAttributes();
            } catch (IOException | RuntimeException e) {
                throw new MalformedBrickException(archive.getFileName() + " is not a valid brick",
                        List.of(new Violation(JAR_MANIFEST, "cannot be parsed: " + e.getMessage())), e);
            }
        }
        String manifestPath = headers.getValue(BrickHeaders.BRICK_MANIFEST);
        if (jarManifest != null && manifestPath == null) {
            violations.add(new Violation(JAR_MANIFEST, "no " + BrickHeaders.BRICK_MANIFEST
                    + " header: this bundle is not a brick"));
        } else if (manifestPath != null && !manifestPath.equals(BrickHeaders.MANIFEST_PATH)) {
            violations.add(new Violation(BrickHeaders.BRICK_MANIFEST, "must be " + BrickHeaders.MANIFEST_PATH
                    + " in format v1, is '" + manifestPath + "'"));
            manifestPath = BrickHeaders.MANIFEST_PATH;
        }
        refuseCode(entries, headers, violations);
        byte[] json = entries.get(manifestPath == null ? BrickHeaders.MANIFEST_PATH : manifestPath);
        if (json == null) {
            violations.add(new Violation(manifestPath == null ? BrickHeaders.MANIFEST_PATH : manifestPath,
                    "missing: every brick carries its brick.json"));
            throw new MalformedBrickException(archive.getFileName() + " is not a valid brick", violations);
        }
        BrickManifest manifest;
        try {
            manifest = ManifestJson.read(json);
        } catch (MalformedBrickException e) {
            violations.addAll(e.violations().isEmpty()
                    ? List.of(new Violation(BrickHeaders.MANIFEST_PATH, e.getMessage())) : e.violations());
            throw new MalformedBrickException(archive.getFileName() + " is not a valid brick", violations, e);
        }
        List<HeaderClause> requirements = checkHeaders(headers, manifest, violations);
        byte[] card = entries.get(BrickHeaders.CARD_PATH);
        if (card == null) {
            violations.add(new Violation(BrickHeaders.CARD_PATH, "missing: every brick carries its card"));
        }
        IoSpec graph = null;
        for (String weight : manifest.weights()) {
            if (!entries.containsKey(BrickHeaders.BRICK_FOLDER + weight)) {
                violations.add(new Violation(BrickHeaders.BRICK_FOLDER + weight, "listed in $.weights but missing"));
            }
        }
        CompositeRecipe recipe = manifest.kind() == BrickKind.COMPOSITE
                ? readRecipe(entries, manifest, violations) : null;
        checkComponentRequirements(requirements, manifest, recipe, violations);
        if (manifest.kind() == BrickKind.HEAD && violations.isEmpty()) {
            graph = checkHead(entries, manifest, violations);
        } else if (manifest.kind() == BrickKind.KNOWLEDGE && violations.isEmpty()) {
            graph = checkKnowledge(entries, manifest, violations);
        } else if (manifest.kind() == BrickKind.ADAPTER && violations.isEmpty()) {
            AdapterCheck.check(entries, manifest, violations);
        } else if (manifest.kind() == BrickKind.NEURONS && violations.isEmpty()) {
            AdapterCheck.checkNeurons(manifest, violations);
        }
        if (!violations.isEmpty()) {
            throw new MalformedBrickException(archive.getFileName() + " is not a valid brick", violations);
        }
        BrickProvenance provenance = checkProvenance(entries);
        // from the entries read above: the archive's content is not read a second time for its signature
        SignatureOutcome signature = checkSignatures ? BrickSignatures.verify(archive, entries)
                : SignatureOutcome.notChecked();
        Map<String, String> headerMap = new TreeMap<>();
        headers.forEach((key, value) -> headerMap.put(key.toString(), value.toString()));
        return new VerifiedBrick(manifest, new String(json, StandardCharsets.UTF_8),
                new String(card, StandardCharsets.UTF_8), headerMap, graph, sha256, size, provenance,
                signature);
    }

    /**
     * Reads the bundle's provenance statement, if it has one ({@link ProvenanceJson}), and checks that each entry it
     * names as made by the command is in the bundle with the digest it states: a statement about other bytes would
     * vouch for weights it never saw.
     *
     * @return the statement, or null when the bundle has none
     * @throws MalformedProvenanceException when it is not a statement, or a subject is missing or has changed
     */
    private static BrickProvenance checkProvenance(Map<String, byte[]> entries) throws MalformedProvenanceException {
        byte[] json = entries.get(BrickProvenance.PATH);
        if (json == null) {
            return null;
        }
        BrickProvenance provenance = ProvenanceJson.read(json);
        List<Violation> violations = new ArrayList<>();
        for (int i = 0; i < provenance.subjects().size(); i++) {
            BrickProvenance.Artifact subject = provenance.subjects().get(i);
            byte[] entry = entries.get(subject.name());
            String where = BrickProvenance.PATH + ":$.subject[" + i + "]";
            if (entry == null) {
                violations.add(new Violation(where, "names " + subject.name() + ", which is not in the bundle"));
            } else if (!HexFormat.of().formatHex(newSha256().digest(entry)).equals(subject.sha256())) {
                violations.add(new Violation(where, "states a SHA-256 of " + subject.name() + " that is not the "
                        + "entry's: the entry changed after the statement was written"));
            }
        }
        if (!violations.isEmpty()) {
            throw new MalformedProvenanceException(BrickProvenance.PATH + " does not describe this bundle",
                    violations);
        }
        return provenance;
    }

    /**
     * Reads a composite's recipe; null if it is missing (already reported with the weights) or breaks the format,
     * whose violations are reported at {@code brick/recipe.json:<JSON path>}. A composite has no graph to probe.
     */
    private static CompositeRecipe readRecipe(Map<String, byte[]> entries, BrickManifest manifest,
                                              List<Violation> violations) {
        String entry = BrickHeaders.BRICK_FOLDER + CompositeRecipe.FILE;
        byte[] json = entries.get(entry);
        if (json == null) {
            return null;
        }
        try {
            return CompositeRecipeJson.read(json, manifest.brickId());
        } catch (MalformedBrickException e) {
            if (e.violations().isEmpty()) {
                violations.add(new Violation(entry, e.getMessage()));
            }
            for (Violation violation : e.violations()) {
                violations.add(new Violation(entry + ":" + violation.path(), violation.message()));
            }
            return null;
        }
    }

    /**
     * The {@code brick} requirements of a bundle are its components: a composite requires exactly those its recipe
     * implies ({@link BrickHeaders#requireComponents}), so the OSGi resolver installs what the host will run, and
     * every other kind requires none. Clauses are compared parsed, in any order, filters without whitespace.
     */
    private static void checkComponentRequirements(List<HeaderClause> requirements, BrickManifest manifest,
                                                   CompositeRecipe recipe, List<Violation> violations) {
        Set<HeaderClause> actual = new LinkedHashSet<>();
        requirements.stream().filter(clause -> clause.name().equals(BrickHeaders.BRICK_NAMESPACE))
                .map(BrickVerifier::withoutFilterSpaces).forEach(actual::add);
        if (manifest.kind() != BrickKind.COMPOSITE) {
            if (!actual.isEmpty()) {
                violations.add(new Violation("Require-Capability", "a " + manifest.kind().jsonName()
                        + " brick requires no other bricks (only a composite does), found " + actual.size() + " '"
                        + BrickHeaders.BRICK_NAMESPACE + "' requirement(s)"));
            }
            return;
        }
        if (recipe == null) {
            return;
        }
        Set<HeaderClause> expected = new LinkedHashSet<>();
        HeaderClause.parse(BrickHeaders.requireComponents(recipe)).stream()
                .map(BrickVerifier::withoutFilterSpaces).forEach(expected::add);
        for (HeaderClause clause : expected) {
            if (!actual.contains(clause)) {
                violations.add(new Violation("Require-Capability", "must require " + BrickHeaders.BRICK_NAMESPACE
                        + " with filter " + clause.directives().get("filter") + " as recipe.json's components say"));
            }
        }
        for (HeaderClause clause : actual) {
            if (!expected.contains(clause)) {
                violations.add(new Violation("Require-Capability", "requires " + BrickHeaders.BRICK_NAMESPACE
                        + " with filter " + clause.directives().getOrDefault("filter", "(none)")
                        + ", which is not a component of recipe.json"));
            }
        }
    }

    private static HeaderClause withoutFilterSpaces(HeaderClause clause) {
        Map<String, String> directives = new TreeMap<>(clause.directives());
        directives.computeIfPresent("filter", (name, filter) -> filter.replaceAll("\\s", ""));
        return new HeaderClause(clause.name(), clause.attributes(), directives, clause.attributeTypes());
    }

    /** Loads a head's graph, compares its signature with {@code $.io} and probes it; null if it does not load. */
    private IoSpec checkHead(Map<String, byte[]> entries, BrickManifest manifest, List<Violation> violations) {
        String entry = BrickHeaders.BRICK_FOLDER + manifest.weights().get(0);
        return loadAndProbe(entries, entry, manifest, violations,
                (session, graph) -> HeadProbe.check(session, graph, entry, violations, probeTimeout));
    }

    /**
     * Reads a knowledge brick's values file within the limits, loads its key graph and compares the signature with
     * {@code $.io}, checks that there is one fact per score, and probes the graph; null if the graph does not load.
     */
    private IoSpec checkKnowledge(Map<String, byte[]> entries, BrickManifest manifest, List<Violation> violations) {
        String keys = BrickHeaders.BRICK_FOLDER + manifest.weights().get(0);
        String values = BrickHeaders.BRICK_FOLDER + manifest.weights().get(1);
        int facts = manifest.io().outputs().get(0).shape().get(1).intValue();
        try {
            int lines = ValuesFile.read(entries.get(values), values, limits.maxFacts(), limits.maxFactBytes()).size();
            if (lines != facts) {
                violations.add(new Violation(values, "holds " + lines + " facts, but the key graph's output "
                        + manifest.io().outputs().get(0).name() + " is declared with " + facts + " scores (one per "
                        + "fact)"));
            }
        } catch (MalformedBrickException e) {
            violations.addAll(e.violations());
        }
        return loadAndProbe(entries, keys, manifest, violations,
                (session, graph) -> KeyProbe.check(session, graph, facts, keys, violations, probeTimeout));
    }

    /**
     * The graph's limits ({@link GraphLimits}, before ONNX Runtime sees it), its signature checked against
     * {@code $.io}, then the probe run in the same session if nothing is wrong so far (one session per graph: a host verifies every brick it installs or swaps in);
     * null if ONNX Runtime cannot load the graph.
     */
    private static IoSpec loadAndProbe(Map<String, byte[]> entries, String entry, BrickManifest manifest,
                                       List<Violation> violations, BiConsumer<OrtSession, IoSpec> probe) {
        if (!GraphLimits.check(entries.get(entry), entry, violations)) {
            return null; // never handed to ONNX Runtime
        }
        try (OrtSession session = OnnxSignature.open(entries.get(entry), entry)) {
            IoSpec graph = OnnxSignature.of(session);
            checkSignature(entry, graph, manifest.io(), violations);
            if (violations.isEmpty()) {
                probe.accept(session, graph);
            }
            return graph;
        } catch (MalformedBrickException e) {
            violations.add(new Violation(entry, e.getMessage()));
            return null;
        } catch (OrtException e) {
            violations.add(new Violation(entry, "ONNX Runtime cannot read the graph's tensors: " + e.getMessage()));
            return null;
        }
    }

    /**
     * Checks that a brick was built for the base model this software runs: the name, the embedding width and one
     * of the known ONNX digests.
     *
     * @throws IncompatibleBrickException naming what does not match
     */
    public static void requireKnownBase(BrickManifest manifest) throws IncompatibleBrickException {
        var base = manifest.base();
        if (!BaseModel.NAME.equals(base.name()) || base.dim() != BaseModel.DIM) {
            throw new IncompatibleBrickException(manifest.id() + "@" + manifest.version() + " was built for base model "
                    + base.name() + " (dim " + base.dim() + "); this installation runs " + BaseModel.NAME + " (dim "
                    + BaseModel.DIM + ")");
        }
        requireKnownBuild(manifest);
    }

    /**
     * Checks that a brick naming this software's base model names one of its known builds (the fp32 or int8 ONNX
     * file). A brick for another model is left to the OSGi resolver, whose error names the unmet requirement.
     *
     * @throws IncompatibleBrickException when the name matches but the digest is unknown
     */
    public static void requireKnownBuild(BrickManifest manifest) throws IncompatibleBrickException {
        var base = manifest.base();
        if (BaseModel.NAME.equals(base.name()) && BaseModelVariant.byDigest(base.digest()).isEmpty()) {
            throw new IncompatibleBrickException(manifest.id() + "@" + manifest.version()
                    + " was trained on an unknown build of " + base.name() + " (" + base.digest() + "); known: "
                    + BaseModelVariant.FP32.digest() + " (fp32), " + BaseModelVariant.INT8.digest() + " (int8)");
        }
    }

    /** Headers and entries that would put code, rather than weights, into the host. */
    private static final List<String> CODE_HEADERS = List.of("Bundle-Activator", "Bundle-NativeCode", "Fragment-Host",
            "Import-Package", "DynamicImport-Package", "Export-Package", "Require-Bundle", "Bundle-ClassPath");
    private static final List<String> CODE_SUFFIXES = List.of(".class", ".so", ".dll", ".dylib", ".jnilib");

    /**
     * Format v1 bricks are weights only. A brick with code would run inside the host, which only a trusted signer
     * could allow; until hosts have such a policy, code is refused.
     */
    private static void refuseCode(Map<String, byte[]> entries, Attributes headers, List<Violation> violations) {
        for (String header : CODE_HEADERS) {
            String value = headers.getValue(header);
            if (value != null && !(header.equals("Bundle-ClassPath") && value.trim().equals("."))) {
                violations.add(new Violation(header, "a weights-only brick has no " + header
                        + "; bricks with code need a trusted signer, which this version does not support"));
            }
        }
        entries.keySet().stream().filter(name -> CODE_SUFFIXES.stream().anyMatch(name::endsWith)).sorted().limit(5)
                .forEach(name -> violations.add(new Violation(name, "a weights-only brick carries no code; bricks "
                        + "with code need a trusted signer, which this version does not support")));
    }

    /** Checks the bundle headers against {@code brick.json}; gives the parsed {@code Require-Capability} clauses. */
    private static List<HeaderClause> checkHeaders(Attributes headers, BrickManifest manifest,
                                                   List<Violation> violations) {
        expectHeader(headers, "Bundle-ManifestVersion", "2", violations);
        expectHeader(headers, "Bundle-SymbolicName", manifest.brickId().symbolicName(), violations);
        expectHeader(headers, "Bundle-Version", manifest.semVer().toOsgiVersion(), violations);
        List<HeaderClause> provided = clauses(headers, "Provide-Capability", violations);
        allowOnly(provided, "Provide-Capability", List.of(BrickHeaders.BRICK_NAMESPACE), violations);
        List<HeaderClause> bricks = provided.stream()
                .filter(clause -> clause.name().equals(BrickHeaders.BRICK_NAMESPACE)).toList();
        if (bricks.size() != 1) {
            violations.add(new Violation("Provide-Capability", "must provide exactly one '"
                    + BrickHeaders.BRICK_NAMESPACE + "' capability, found " + bricks.size()));
        } else {
            Map<String, String> attributes = bricks.get(0).attributes();
            expectAttribute(attributes, BrickHeaders.BRICK_NAMESPACE, manifest.id(), violations);
            expectAttribute(attributes, BrickHeaders.VERSION_ATTRIBUTE, manifest.semVer().toOsgiVersion(), violations);
            expectAttribute(attributes, BrickHeaders.KIND_ATTRIBUTE, manifest.kind().jsonName(), violations);
        }
        List<HeaderClause> requirements = clauses(headers, "Require-Capability", violations);
        allowOnly(requirements, "Require-Capability",
                List.of(BrickHeaders.BASE_NAMESPACE, BrickHeaders.BRICK_NAMESPACE), violations);
        List<HeaderClause> bases = requirements.stream()
                .filter(clause -> clause.name().equals(BrickHeaders.BASE_NAMESPACE)).toList();
        String expected = BrickHeaders.baseFilter(manifest.base());
        if (bases.size() != 1 || !expected.equals(bases.get(0).directives().getOrDefault("filter", "")
                .replaceAll("\\s", ""))) {
            violations.add(new Violation("Require-Capability", "must require " + BrickHeaders.BASE_NAMESPACE
                    + " with filter " + expected + " as brick.json's base says"));
        }
        return requirements;
    }

    /**
     * Refuses capability clauses outside {@code allowed}: a brick provides only its {@code brick} capability and
     * requires only its base model and, for a composite, other bricks. Anything else would let a bundle claim to be
     * a base model ({@code brick.base}) for other bricks, or ask the framework for an execution environment or
     * packages it has no business with, and fail at install with the framework's own error instead of here.
     */
    private static void allowOnly(List<HeaderClause> clauses, String header, List<String> allowed,
                                  List<Violation> violations) {
        for (HeaderClause clause : clauses) {
            if (!allowed.contains(clause.name())) {
                violations.add(new Violation(header, "a brick may " + (header.startsWith("Provide") ? "provide"
                        : "require") + " only " + allowed + " capabilities, not '" + clause.name() + "'"));
            }
        }
    }

    private static List<HeaderClause> clauses(Attributes headers, String name, List<Violation> violations) {
        try {
            return HeaderClause.parse(headers.getValue(name));
        } catch (IllegalArgumentException e) {
            violations.add(new Violation(name, e.getMessage()));
            return List.of();
        }
    }

    private static void expectHeader(Attributes headers, String name, String expected, List<Violation> violations) {
        String actual = headers.getValue(name);
        String value = actual == null ? null : actual.split(";", 2)[0].trim();
        if (!expected.equals(value)) {
            violations.add(new Violation(name, "is " + (actual == null ? "missing" : "'" + actual + "'")
                    + ", brick.json says '" + expected + "'"));
        }
    }

    private static void expectAttribute(Map<String, String> attributes, String name, String expected,
                                        List<Violation> violations) {
        String actual = attributes.get(name);
        if (!expected.equals(actual)) {
            violations.add(new Violation("Provide-Capability", "attribute " + name + " is "
                    + (actual == null ? "missing" : "'" + actual + "'") + ", brick.json says '" + expected + "'"));
        }
    }

    private static void checkSignature(String entry, IoSpec actual, IoSpec declared, List<Violation> violations) {
        compareTensors(entry, "input", actual.inputs(), declared.inputs(), violations);
        compareTensors(entry, "output", actual.outputs(), declared.outputs(), violations);
    }

    private static void compareTensors(String entry, String role, List<TensorSpec> actual, List<TensorSpec> declared,
                                       List<Violation> violations) {
        if (actual.size() != declared.size()) {
            violations.add(new Violation(entry, "has " + actual.size() + " " + role + "s, brick.json declares "
                    + declared.size()));
            return;
        }
        for (int i = 0; i < actual.size(); i++) {
            TensorSpec real = actual.get(i);
            TensorSpec said = declared.stream().filter(t -> t.name().equals(real.name())).findFirst().orElse(null);
            if (said == null) {
                violations.add(new Violation(entry, role + " '" + real.name() + "' is not declared in $.io"));
            } else if (!real.shape().equals(said.shape()) || !real.dtype().equals(said.dtype())) {
                violations.add(new Violation(entry, role + " '" + real.name() + "' is " + real.dtype() + real.shape()
                        + ", brick.json declares " + said.dtype() + said.shape()));
            }
        }
    }

    /** Reads every entry within the limits, refusing unsafe names and bombs before inflating too much. */
    private Map<String, byte[]> readEntries(Path archive) throws MalformedBrickException, IOException {
        Map<String, byte[]> entries = new HashMap<>();
        ZipFile zip;
        try {
            zip = new ZipFile(archive.toFile());
        } catch (ZipException | EOFException e) {
            // a file too short for a zip's end record fails with EOFException (found by BundleFuzzTest)
            throw new MalformedBrickException(archive.getFileName() + " is not a jar (zip) file: " + e.getMessage(), e);
        }
        try (zip) {
            if (zip.size() > limits.maxEntries()) {
                throw new MalformedBrickException(archive.getFileName() + " has " + zip.size()
                        + " entries, more than the limit of " + limits.maxEntries());
            }
            long total = 0;
            for (Enumeration<? extends ZipEntry> all = zip.entries(); all.hasMoreElements(); ) {
                ZipEntry entry = all.nextElement();
                checkName(entry.getName());
                if (entry.isDirectory()) {
                    continue;
                }
                byte[] bytes = inflate(zip, entry, limits.maxTotalBytes() - total);
                total += bytes.length;
                if (entries.put(entry.getName(), bytes) != null) {
                    throw new MalformedBrickException("entry " + entry.getName() + " appears twice");
                }
            }
        } catch (IOException | IllegalArgumentException e) {
            // the file was opened, so what fails now is its content: a damaged entry (bad CRC, a deflate stream
            // that ends early) or an entry name that is not valid UTF-8; found by BundleFuzzTest
            throw new MalformedBrickException(archive.getFileName() + " is a damaged zip: " + e.getMessage(), e);
        }
        return entries;
    }

    private static void checkName(String name) throws MalformedBrickException {
        if (name.isEmpty() || name.startsWith("/") || name.contains("\\") || name.contains("\0")
                || name.matches("(?s)^[A-Za-z]:.*") || List.of(name.split("/")).contains("..")) {
            throw new MalformedBrickException("entry name '" + name + "' could escape the archive (absolute path, "
                    + "'..' or backslash)");
        }
    }

    private byte[] inflate(ZipFile zip, ZipEntry entry, long totalLeft) throws MalformedBrickException, IOException {
        long cap = Math.min(limits.maxEntryBytes(), totalLeft);
        long compressed = Math.max(entry.getCompressedSize(), 1);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[64 * 1024];
        try (InputStream in = zip.getInputStream(entry)) {
            for (int read; (read = in.read(buffer)) > 0; ) {
                out.write(buffer, 0, read);
                if (out.size() > cap) {
                    throw new MalformedBrickException("entry " + entry.getName() + " inflates past the size limit ("
                            + cap + " bytes)");
                }
                if (out.size() > RATIO_EXEMPT_BYTES && out.size() / compressed > limits.maxCompressionRatio()) {
                    throw new MalformedBrickException("entry " + entry.getName() + " inflates more than "
                            + limits.maxCompressionRatio() + " times its compressed size: refusing a zip bomb");
                }
            }
        }
        // A reader that trusts the declared size (the JDK's verifying JarFile stops there) would see other bytes than
        // one that reads to the end of the data (this check, the OSGi framework): the two must be the same bytes.
        if (entry.getSize() >= 0 && out.size() != entry.getSize()) {
            throw new MalformedBrickException("entry " + entry.getName() + " inflates to " + out.size()
                    + " bytes, but the archive declares " + entry.getSize());
        }
        return out.toByteArray();
    }

    /** {@code sha256:<hex>} of a file. */
    public static String sha256(Path file) throws IOException {
        MessageDigest digest = newSha256();
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
        }
        return "sha256:" + HexFormat.of().formatHex(digest.digest());
    }

    private static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}

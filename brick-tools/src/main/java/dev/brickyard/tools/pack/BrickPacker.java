package dev.brickyard.tools.pack;

import aQute.bnd.osgi.Builder;
import aQute.bnd.osgi.Jar;
import dev.brickyard.api.BrickException;
import dev.brickyard.api.MalformedBrickException;
import dev.brickyard.api.kind.BrickKind;
import dev.brickyard.api.manifest.BrickHeaders;
import dev.brickyard.api.manifest.BrickManifest;
import dev.brickyard.api.manifest.CompositeRecipe;
import dev.brickyard.api.manifest.CompositeRecipeJson;
import dev.brickyard.api.manifest.ManifestJson;
import dev.brickyard.api.manifest.Violation;
import dev.brickyard.base.verify.BrickVerifier;
import dev.brickyard.base.verify.VerifiedBrick;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Makes a brick bundle from a brick folder with bnd: the OSGi headers are generated from {@code brick.json}, the
 * folder's brick.json, README.md and weights go under {@code brick/}, timestamps are fixed so the same folder
 * always gives the same bytes, and the result is verified before it replaces the output file. A composite's
 * {@code Require-Capability} also requires each component its {@code recipe.json} names. A folder's
 * {@code provenance.json} ({@link ProvenanceStatement}, written by {@code brick train}) is packed too, once it is
 * checked to describe the folder's weights.
 *
 * <pre>
 * DIR/brick.json   DIR/README.md   DIR/&lt;weights...&gt;   ->   bundle.jar
 * [DIR/provenance.json]                                      META-INF/MANIFEST.MF  (headers from brick.json)
 *                                                            brick/brick.json, brick/README.md, brick/&lt;weights&gt;
 *                                                            [brick/provenance.json]
 * </pre>
 */
public final class BrickPacker {
    private final BrickVerifier verifier = new BrickVerifier();

    /**
     * Packs a folder.
     *
     * @param folder the brick folder
     * @param output the jar to write; its folder is created
     * @return the verified bundle
     * @throws MalformedBrickException when the folder is not a valid brick
     */
    public VerifiedBrick pack(Path folder, Path output) throws BrickException, IOException {
        Path json = folder.resolve("brick.json");
        if (!Files.isRegularFile(json)) {
            throw new MalformedBrickException(folder + " is not a brick folder: it has no brick.json");
        }
        BrickManifest manifest = ManifestJson.read(Files.readAllBytes(json));
        List<String> files = new ArrayList<>(List.of("brick.json", "README.md"));
        files.addAll(manifest.weights());
        List<Violation> missing = new ArrayList<>();
        for (String file : files) {
            if (!Files.isRegularFile(folder.resolve(file))) {
                missing.add(new Violation(folder.resolve(file).toString(), "missing"));
            }
        }
        if (!missing.isEmpty()) {
            throw new MalformedBrickException(folder + " is not a complete brick folder", missing);
        }
        if (ProvenanceStatement.requireFresh(folder)) {
            files.add(ProvenanceStatement.FILE);
        }
        String requirements = BrickHeaders.requireBase(manifest.base());
        if (manifest.kind() == BrickKind.COMPOSITE) {
            requirements += "," + BrickHeaders.requireComponents(readRecipe(folder, manifest));
        }
        Path parent = output.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path temporary = Files.createTempFile(parent, "." + output.getFileName(), ".tmp");
        try {
            build(folder, manifest, files, requirements, temporary);
            VerifiedBrick verified = verifier.verify(temporary);
            Files.move(temporary, output, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return verified;
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    /**
     * Where a folder's bundle goes in {@code directory} by convention: {@code namespace.name-version.jar}, or
     * {@code brick.jar} when the folder has no {@code brick.json} (packing it then says what is wrong).
     */
    public static Path defaultTarget(Path folder, Path directory) throws MalformedBrickException, IOException {
        Path json = folder.resolve("brick.json");
        return directory.resolve(Files.isRegularFile(json)
                ? fileName(ManifestJson.read(Files.readAllBytes(json))) : "brick.jar");
    }

    /** The conventional file name of a brick's bundle: {@code namespace.name-version.jar}. */
    public static String fileName(BrickManifest manifest) {
        return manifest.brickId().symbolicName() + "-" + manifest.version() + ".jar";
    }

    /** A composite folder's recipe, its violations named by file and JSON path. */
    private static CompositeRecipe readRecipe(Path folder, BrickManifest manifest)
            throws MalformedBrickException, IOException {
        Path file = folder.resolve(CompositeRecipe.FILE);
        try {
            return CompositeRecipeJson.read(Files.readAllBytes(file), manifest.brickId());
        } catch (MalformedBrickException e) {
            if (e.violations().isEmpty()) {
                throw new MalformedBrickException(file + ": " + e.getMessage(), e);
            }
            List<Violation> violations = new ArrayList<>();
            for (Violation violation : e.violations()) {
                violations.add(new Violation(file + ":" + violation.path(), violation.message()));
            }
            throw new MalformedBrickException(file + " breaks the brick format", violations, e);
        }
    }

    private static void build(Path folder, BrickManifest manifest, List<String> files, String requirements,
                              Path output) throws BrickException, IOException {
        List<String> resources = new ArrayList<>();
        for (String file : files) {
            // relative to the builder's base folder; brick.json restricts weight names to [A-Za-z0-9_.-/]
            resources.add(BrickHeaders.BRICK_FOLDER + file + "=" + file);
        }
        try (Builder builder = new Builder()) {
            builder.setBase(folder.toAbsolutePath().toFile());
            builder.setProperty("Bundle-SymbolicName", manifest.brickId().symbolicName());
            builder.setProperty("Bundle-Version", manifest.semVer().toOsgiVersion());
            builder.setProperty("Bundle-Name", manifest.id());
            builder.setProperty("Bundle-Description", manifest.description().replaceAll("\\s+", " "));
            builder.setProperty("Bundle-License", manifest.license());
            builder.setProperty(BrickHeaders.BRICK_MANIFEST, BrickHeaders.MANIFEST_PATH);
            builder.setProperty("Provide-Capability", BrickHeaders.provideCapability(manifest));
            builder.setProperty("Require-Capability", requirements);
            builder.setProperty("-includeresource", String.join(",", resources));
            builder.setProperty("-noextraheaders", "true");
            builder.setProperty("-reproducible", "true");
            builder.setProperty("-nouses", "true");
            builder.setProperty("-removeheaders", "Private-Package");
            builder.setProperty("-fixupmessages", "The JAR is empty*;is:=ignore,Classpath is empty*;is:=ignore");
            try (Jar jar = builder.build()) {
                if (!builder.isOk()) {
                    throw new MalformedBrickException("bnd could not build the bundle: "
                            + String.join("; ", builder.getErrors()));
                }
                jar.write(output.toFile());
            }
        } catch (BrickException | IOException e) {
            throw e;
        } catch (Exception e) {
            throw new BrickException("bnd failed to build the bundle: " + e.getMessage(), e);
        }
    }

}

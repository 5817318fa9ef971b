package dev.brickyard.bench;

import dev.brickyard.api.BrickException;
import dev.brickyard.api.manifest.BrickHeaders;
import dev.brickyard.api.manifest.ManifestJson;
import dev.brickyard.api.version.BrickId;
import dev.brickyard.base.BaseModel;
import dev.brickyard.base.onnx.HeadGraph;
import dev.brickyard.tools.pack.BrickPacker;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Enumeration;
import java.util.List;
import java.util.Random;
import java.util.jar.JarOutputStream;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Real brick bundles for the registry benchmark, made the way authors make them: a brick folder (brick.json,
 * README.md, a linear head.onnx) packed by the production {@link BrickPacker}. For transfer benchmarks a bundle can
 * carry an extra incompressible entry, {@code brick/padding.bin}, stored uncompressed so that the verifier's
 * zip-bomb ratio check has nothing to object to and the bundle's size is what is on the wire.
 */
final class BrickBundles {
    static final String PADDING_ENTRY = BrickHeaders.BRICK_FOLDER + "padding.bin";
    private static final List<String> LABELS = List.of("relevant", "irrelevant", "unsure");

    private final Path folder;
    private final BrickPacker packer = new BrickPacker();

    /** Bundles and their brick folders go under {@code folder}. */
    BrickBundles(Path folder) throws IOException {
        this.folder = Files.createDirectories(folder);
    }

    /**
     * Packs a valid head brick.
     *
     * @param padding bytes of {@code brick/padding.bin}, or an empty array for none
     * @return the bundle file
     */
    Path head(BrickId id, String version, byte[] padding) throws IOException, BrickException {
        String name = id.symbolicName() + "-" + version;
        Path brick = Files.createDirectories(folder.resolve(name));
        Random random = new Random(name.hashCode());
        String description = "Says whether a text is relevant to " + id.name().replace('-', ' ')
                + "; a benchmark brick of " + (padding.length >> 10) + " KiB.";
        Files.write(brick.resolve("brick.json"), ManifestJson.write(SyntheticCatalog.manifest(id.toString(), version,
                description, List.of("benchmark"), LABELS, SyntheticCatalog.unitVector(random))));
        Files.writeString(brick.resolve("README.md"), SyntheticCatalog.card(id, description, LABELS));
        float[][] weights = new float[BaseModel.DIM][LABELS.size()];
        for (float[] row : weights) {
            for (int k = 0; k < row.length; k++) {
                row[k] = (float) random.nextGaussian();
            }
        }
        Files.write(brick.resolve("head.onnx"), HeadGraph.linear(weights, new float[LABELS.size()], id.toString()));
        Path bundle = folder.resolve(name + ".jar");
        packer.pack(brick, bundle);
        if (padding.length > 0) {
            addStoredEntry(bundle, PADDING_ENTRY, padding);
        }
        return bundle;
    }

    /** Incompressible bytes (seeded, so every run uploads the same). */
    static byte[] incompressible(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    /** Rewrites a jar with one more entry, stored rather than deflated; the other entries keep their order. */
    private static void addStoredEntry(Path jar, String name, byte[] bytes) throws IOException {
        Path rewritten = jar.resolveSibling(jar.getFileName() + ".tmp");
        try (ZipFile original = new ZipFile(jar.toFile());
             JarOutputStream out = new JarOutputStream(Files.newOutputStream(rewritten))) {
            for (Enumeration<? extends ZipEntry> entries = original.entries(); entries.hasMoreElements(); ) {
                ZipEntry entry = entries.nextElement();
                ZipEntry copy = new ZipEntry(entry.getName());
                copy.setTime(entry.getTime());
                out.putNextEntry(copy);
                try (InputStream in = original.getInputStream(entry)) {
                    in.transferTo(out);
                }
                out.closeEntry();
            }
            CRC32 crc = new CRC32();
            crc.update(bytes);
            ZipEntry stored = new ZipEntry(name);
            stored.setMethod(ZipEntry.STORED);
            stored.setSize(bytes.length);
            stored.setCompressedSize(bytes.length);
            stored.setCrc(crc.getValue());
            out.putNextEntry(stored);
            out.write(bytes);
            out.closeEntry();
        }
        Files.move(rewritten, jar, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}

package dev.brickyard.cli.remote;

import dev.brickyard.api.version.BrickRef;
import dev.brickyard.cli.UsageException;
import dev.brickyard.cli.output.OutputOptions;
import dev.brickyard.http.client.RegistryClient;
import dev.brickyard.http.client.TransferProgress;
import dev.brickyard.http.registry.ResolvedVersion;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code brick pull REF}: resolves a range or a dist-tag at the registry, downloads the bundle and keeps it only when
 * its SHA-256 equals the digest the registry published for that version.
 */
@Command(name = "pull", mixinStandardHelpOptions = true,
        description = {"Download a brick bundle. REF is ns/name, ns/name@1.2.0, a range such as ns/name@^1.2 "
                + "(ranges skip yanked versions) or a dist-tag such as ns/name@stable or ns/name@latest.",
                "The file is kept only if its SHA-256 matches the registry's digest; a file already there with that "
                        + "digest is not downloaded again."})
public final class PullCommand implements Callable<Integer> {
    @Mixin
    RegistryOptions registry;

    @Mixin
    OutputOptions output;

    @Parameters(index = "0", paramLabel = "REF", description = "What to pull, e.g. acme/sentiment@^1.2.")
    String reference;

    @Option(names = {"-o", "--output"}, paramLabel = "DIR", defaultValue = ".",
            description = "Folder to write the bundle to (default: the current folder).")
    Path folder;

    @Option(names = "--base", paramLabel = "MODEL", description = "Only versions built for this base model.")
    String base;

    /** The {@code --json} answer. */
    record Pulled(String id, String version, String path, String digest, long size, boolean yanked,
                  boolean downloaded) {
    }

    @Override
    public Integer call() throws Exception {
        BrickRef ref;
        try {
            ref = BrickRef.parse(reference);
        } catch (IllegalArgumentException e) {
            throw new UsageException("'" + reference + "' is not a reference such as acme/sentiment@^1.2: "
                    + e.getMessage());
        }
        if (Files.exists(folder) && !Files.isDirectory(folder)) {
            throw new UsageException(folder + " is a file; -o names the folder to write the bundle to");
        }
        RegistryClient client = registry.client(output);
        ResolvedVersion resolved = client.resolve(ref.toString(), base);
        if (resolved.yanked()) {
            output.note("warning: %s@%s is yanked; pulled because %s", resolved.id(), resolved.version(),
                    ref.isTag() ? "tag '" + ref.tag() + "' still points at it" : "the exact version was asked for");
        }
        Path target = folder.resolve(resolved.id().replace('/', '.') + "-" + resolved.version() + ".jar");
        boolean download = !Files.isRegularFile(target) || !resolved.digest().equals(digest(target));
        if (download) {
            try (TransferProgress progress = output.progress()) {
                client.download(java.net.URI.create(resolved.downloadUrl()), resolved.digest(), resolved.size(),
                        target, progress);
            }
        }
        if (output.json()) {
            output.printJson(new Pulled(resolved.id(), resolved.version(), target.toString(), resolved.digest(),
                    resolved.size(), resolved.yanked(), download));
        } else if (download) {
            output.result("pulled %s@%s -> %s (%s, %s)", resolved.id(), resolved.version(), target,
                    InfoCommand.size(resolved.size()), resolved.digest());
        } else {
            output.result("%s@%s is already at %s (%s)", resolved.id(), resolved.version(), target, resolved.digest());
        }
        return 0;
    }

    private static String digest(Path file) throws IOException {
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
            return "sha256:" + HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}

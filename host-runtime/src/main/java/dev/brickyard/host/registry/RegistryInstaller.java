package dev.brickyard.host.registry;

import dev.brickyard.api.BrickException;
import dev.brickyard.api.BrickNotFoundException;
import dev.brickyard.api.manifest.CompositeRecipe;
import dev.brickyard.api.version.BrickId;
import dev.brickyard.api.version.BrickRef;
import dev.brickyard.host.BrickArchive;
import dev.brickyard.host.BrickHost;
import dev.brickyard.host.BrickSource;
import dev.brickyard.host.InstalledBrick;
import dev.brickyard.http.client.NotInRegistryException;
import dev.brickyard.http.client.RegistryClient;
import dev.brickyard.http.client.RegistryProblemException;
import dev.brickyard.http.client.TransferProgress;
import dev.brickyard.http.registry.ResolvedVersion;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Installs and swaps bricks on a host from a registry, the one path for the HTTP API, {@code --install} and
 * {@code --follow}: the version is resolved for the host's base model, downloaded with its digest checked, and, for
 * a composite brick, each component its recipe names that is not installed yet is installed first (the OSGi
 * resolver would refuse the composite without them; components stay installed if the composite then fails, they
 * are bricks of their own). Each brick installed records the registry and the exact version it came from
 * ({@link BrickSource}). The downloaded file is always deleted.
 */
public final class RegistryInstaller {
    private final BrickHost host;
    private final RegistryClient registry;

    public RegistryInstaller(BrickHost host, RegistryClient registry) {
        this.host = host;
        this.registry = registry;
    }

    /** The registry bricks come from. */
    public RegistryClient registry() {
        return registry;
    }

    /** Installs the best version of {@code ns/name@range}. */
    public InstalledBrick install(String reference) throws BrickException, IOException {
        return apply(resolve(reference), false);
    }

    /**
     * Swaps an installed brick to the best version of {@code ns/name@range}.
     *
     * @throws BrickNotFoundException when the brick is not installed (nothing is downloaded)
     */
    public InstalledBrick swap(String reference) throws BrickException, IOException {
        BrickId id = BrickRef.parse(reference).id();
        if (host.bricks().stream().noneMatch(brick -> brick.id().equals(id))) {
            throw new BrickNotFoundException(id + " is not installed; install it first");
        }
        return apply(resolve(reference), true);
    }

    /**
     * The best version of a reference built for the host's base model.
     *
     * @throws NotInRegistryException when nothing matches, or the registry finds the reference malformed
     */
    private ResolvedVersion resolve(String reference) throws BrickException, IOException {
        try {
            return registry.resolve(reference, host.baseModel().reference().name());
        } catch (RegistryProblemException malformed) {
            if (malformed.status() == 400) {
                throw new NotInRegistryException("the registry at " + registry.base() + " has nothing for '"
                        + reference + "': " + malformed.getMessage());
            }
            throw malformed;
        }
    }

    /**
     * Downloads a resolved version into the host's staging folder, its SHA-256 checked against the registry's, and
     * installs it ({@code swap} false) or swaps to it.
     */
    public InstalledBrick apply(ResolvedVersion resolved, boolean swap) throws BrickException, IOException {
        Path file = Files.createTempFile(host.stagingFolder(), "download-", ".jar");
        try {
            registry.download(URI.create(resolved.downloadUrl()), resolved.digest(), resolved.size(), file,
                    TransferProgress.SILENT);
            installComponents(file);
            BrickSource source = BrickSource.registry(registry.base(), resolved.id() + "@" + resolved.version());
            return swap ? host.update(file, source) : host.install(file, source);
        } finally {
            Files.deleteIfExists(file);
        }
    }

    private void installComponents(Path bundle) throws BrickException, IOException {
        for (CompositeRecipe.Component component : BrickArchive.components(bundle)) {
            if (host.bricks().stream().noneMatch(brick -> brick.id().equals(component.brick()))) {
                install(component.brick() + "@" + component.range());
            }
        }
    }
}

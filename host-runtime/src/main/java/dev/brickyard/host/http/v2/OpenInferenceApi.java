package dev.brickyard.host.http.v2;

import dev.brickyard.host.BrickHost;
import dev.brickyard.host.http.HostMetrics;
import dev.brickyard.host.registry.RegistryInstaller;
import org.glassfish.jersey.server.ResourceConfig;

/** Puts the Open Inference Protocol's endpoints and its error bodies into a host's application. */
public final class OpenInferenceApi {
    private OpenInferenceApi() {
    }

    /** @param registry where repository loads install from, or null on a host without a registry */
    public static void register(ResourceConfig application, BrickHost host, RegistryInstaller registry,
                                HostMetrics metrics) {
        application.register(new OpenInferenceResource(host));
        application.register(new ModelRepositoryResource(host, registry, metrics));
        application.register(new OpenInferenceErrors());
    }
}

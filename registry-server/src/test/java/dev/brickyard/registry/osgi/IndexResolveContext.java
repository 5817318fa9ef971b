package dev.brickyard.registry.osgi;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.Version;
import org.osgi.resource.Capability;
import org.osgi.resource.Namespace;
import org.osgi.resource.Requirement;
import org.osgi.resource.Resource;
import org.osgi.resource.Wiring;
import org.osgi.service.resolver.HostedCapability;
import org.osgi.service.resolver.ResolveContext;

/**
 * What a host's resolver sees: its system resource (which provides the base model) plus the resources of an OSGi
 * index, and one resource to resolve. Providers come system first, then highest version first, as a repository
 * would rank them; filters are matched with the OSGi framework's own filter implementation.
 */
final class IndexResolveContext extends ResolveContext {
    private final Resource system;
    private final List<Resource> repository;
    private final Resource root;

    IndexResolveContext(Resource system, List<Resource> repository, Resource root) {
        this.system = system;
        this.repository = List.copyOf(repository);
        this.root = root;
    }

    @Override
    public List<Resource> getMandatoryResources() {
        return List.of(root);
    }

    @Override
    public List<Capability> findProviders(Requirement requirement) {
        List<Capability> providers = new ArrayList<>();
        List<Capability> fromRepository = new ArrayList<>();
        for (Capability capability : system.getCapabilities(requirement.getNamespace())) {
            if (matches(requirement, capability)) {
                providers.add(capability);
            }
        }
        for (Resource resource : repository) {
            for (Capability capability : resource.getCapabilities(requirement.getNamespace())) {
                if (matches(requirement, capability)) {
                    fromRepository.add(capability);
                }
            }
        }
        fromRepository.sort(Comparator.comparing((Capability c) -> version(c.getResource())).reversed());
        providers.addAll(fromRepository);
        return providers;
    }

    static boolean matches(Requirement requirement, Capability capability) {
        String filter = requirement.getDirectives().get(Namespace.REQUIREMENT_FILTER_DIRECTIVE);
        try {
            return filter == null || FrameworkUtil.createFilter(filter).matches(capability.getAttributes());
        } catch (InvalidSyntaxException e) {
            throw new IllegalArgumentException("the index holds an unparsable filter: " + filter, e);
        }
    }

    /** The resource's {@code osgi.identity} version, 0.0.0 when it has none. */
    static Version version(Resource resource) {
        return resource.getCapabilities("osgi.identity").stream()
                .map(c -> c.getAttributes().get("version"))
                .filter(Version.class::isInstance).map(Version.class::cast)
                .findFirst().orElse(Version.emptyVersion);
    }

    @Override
    public int insertHostedCapability(List<Capability> capabilities, HostedCapability hostedCapability) {
        capabilities.add(hostedCapability);
        return capabilities.size() - 1;
    }

    @Override
    public boolean isEffective(Requirement requirement) {
        String effective = requirement.getDirectives().get(Namespace.REQUIREMENT_EFFECTIVE_DIRECTIVE);
        return effective == null || Namespace.EFFECTIVE_RESOLVE.equals(effective);
    }

    @Override
    public Map<Resource, Wiring> getWirings() {
        return Map.of();
    }
}

package dev.brickyard.registry.osgi;

import dev.brickyard.api.manifest.HeaderClause;
import dev.brickyard.registry.store.VersionRecord;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One brick version as an OSGi repository resource: the capabilities and requirements bnd's
 * {@code ResourceBuilder} derives from a bundle manifest, plus the {@code osgi.content} of the stored bundle.
 * Bricks carry only the headers this class reads: the registry refuses code headers such as
 * {@code Import-Package}, {@code Export-Package}, {@code Require-Bundle} and {@code Fragment-Host} at publish time,
 * so there are no package, bundle or host requirements to derive.
 *
 * @param capabilities {@code osgi.identity}, {@code osgi.content}, {@code osgi.wiring.bundle},
 *                     {@code osgi.wiring.host}, then the {@code Provide-Capability} clauses in header order
 * @param requirements the {@code Require-Capability} clauses in header order
 */
public record BundleResource(List<Clause> capabilities, List<Clause> requirements) {
    /** The {@code mime} of {@code osgi.content} for an OSGi bundle (OSGi Compendium 132.4). */
    public static final String BUNDLE_MIME_TYPE = "application/vnd.osgi.bundle";
    private static final String DIGEST_PREFIX = "sha256:";
    /** Identity attributes bnd copies from these manifest headers, in bnd's order. */
    private static final Map<String, String> IDENTITY_HEADERS = orderedMap(
            "Bundle-Copyright", "copyright", "Bundle-Description", "description",
            "Bundle-DocURL", "documentation", "Bundle-License", "license");

    public BundleResource {
        capabilities = List.copyOf(capabilities);
        requirements = List.copyOf(requirements);
    }

    /**
     * A capability or requirement.
     *
     * @param directives in header order
     */
    public record Clause(String namespace, List<Attribute> attributes, Map<String, String> directives) {
        public Clause {
            attributes = List.copyOf(attributes);
            directives = Collections.unmodifiableMap(new LinkedHashMap<>(directives));
        }
    }

    /**
     * A typed attribute.
     *
     * @param type {@code Version}, {@code Long}, {@code Double}, {@code List<...>}, or null for a String
     * @param value as written in the manifest; list elements stay comma-separated, as the index format wants them
     */
    public record Attribute(String name, String type, String value) {
        static Attribute string(String name, String value) {
            return new Attribute(name, null, value);
        }
    }

    /**
     * Derives the resource from a stored version's manifest headers.
     *
     * @param downloadUrl the absolute URL of the bundle, for {@code osgi.content}
     * @throws IllegalArgumentException when a stored header does not parse as OSGi clauses
     */
    public static BundleResource of(VersionRecord version, String downloadUrl) {
        Map<String, String> headers = version.headers();
        HeaderClause symbolicName = HeaderClause.parse(headers.get("Bundle-SymbolicName")).stream().findFirst()
                .orElseGet(() -> new HeaderClause(version.brick().symbolicName(), Map.of(), Map.of()));
        String bsn = symbolicName.name();
        String bundleVersion = headers.getOrDefault("Bundle-Version", version.version().toOsgiVersion()).trim();
        boolean singleton = "true".equals(symbolicName.directives().get("singleton"));

        List<Clause> capabilities = new ArrayList<>();
        List<Attribute> identity = new ArrayList<>();
        identity.add(Attribute.string("osgi.identity", bsn));
        identity.add(Attribute.string("type", "osgi.bundle"));
        identity.add(new Attribute("version", "Version", bundleVersion));
        IDENTITY_HEADERS.forEach((header, attribute) -> {
            String value = headers.get(header);
            if (value != null && !value.isBlank()) {
                identity.add(Attribute.string(attribute, value.trim()));
            }
        });
        identity.addAll(attributes(symbolicName, "osgi.identity", "type", "version"));
        capabilities.add(new Clause("osgi.identity", identity, singleton ? Map.of("singleton", "true") : Map.of()));

        capabilities.add(new Clause("osgi.content", List.of(
                Attribute.string("osgi.content", hex(version.digest())),
                Attribute.string("url", downloadUrl),
                new Attribute("size", "Long", Long.toString(version.size())),
                Attribute.string("mime", BUNDLE_MIME_TYPE)), Map.of()));

        Map<String, String> wiringDirectives = new LinkedHashMap<>(symbolicName.directives());
        wiringDirectives.remove("uses");
        wiringDirectives.remove("effective");
        for (String namespace : List.of("osgi.wiring.bundle", "osgi.wiring.host")) {
            List<Attribute> wiring = new ArrayList<>();
            wiring.add(Attribute.string(namespace, bsn));
            wiring.add(new Attribute("bundle-version", "Version", bundleVersion));
            wiring.addAll(attributes(symbolicName, namespace, "bundle-version"));
            capabilities.add(new Clause(namespace, wiring, wiringDirectives));
        }

        for (HeaderClause provided : HeaderClause.parse(headers.get("Provide-Capability"))) {
            capabilities.add(new Clause(provided.name(), attributes(provided), provided.directives()));
        }
        List<Clause> requirements = new ArrayList<>();
        for (HeaderClause required : HeaderClause.parse(headers.get("Require-Capability"))) {
            requirements.add(new Clause(required.name(), attributes(required), required.directives()));
        }
        return new BundleResource(capabilities, requirements);
    }

    private static List<Attribute> attributes(HeaderClause clause, String... reserved) {
        List<String> skip = List.of(reserved);
        List<Attribute> attributes = new ArrayList<>();
        clause.attributes().forEach((name, value) -> {
            if (!skip.contains(name)) {
                String type = clause.attributeType(name);
                attributes.add(new Attribute(name, type.equals("String") ? null : type, value));
            }
        });
        return attributes;
    }

    private static String hex(String digest) {
        if (!digest.startsWith(DIGEST_PREFIX)) {
            throw new IllegalArgumentException("not a sha256:<hex> digest: " + digest);
        }
        return digest.substring(DIGEST_PREFIX.length());
    }

    private static Map<String, String> orderedMap(String... keysAndValues) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return Collections.unmodifiableMap(map);
    }
}

package dev.brickyard.api.manifest;

/**
 * Names shared by brick bundles, the host and the registry: manifest headers, archive paths and the OSGi
 * capability namespaces through which the resolver matches bricks to base models.
 *
 * <pre>
 * Provide-Capability: brick;brick="acme/sentiment";version:Version="1.2.0";kind=head
 * Require-Capability: brick.base;filter:="(&amp;(brick.base=all-minilm-l6-v2)(dim=384))"
 * </pre>
 */
public final class BrickHeaders {
    /** Manifest header naming the path of {@code brick.json} inside the bundle. */
    public static final String BRICK_MANIFEST = "Brick-Manifest";
    /** Where {@code brick.json} lives in every brick this version of the format writes. */
    public static final String MANIFEST_PATH = "brick/brick.json";
    /** The folder inside the bundle that holds the manifest, the card and the weights. */
    public static final String BRICK_FOLDER = "brick/";
    /** The brick card, Markdown with YAML front matter. */
    public static final String CARD_PATH = "brick/README.md";

    /** Capability namespace every brick provides; its attribute of the same name holds the brick id. */
    public static final String BRICK_NAMESPACE = "brick";
    /** Capability attribute holding the brick's version. */
    public static final String VERSION_ATTRIBUTE = "version";
    /** Capability attribute holding the brick's kind. */
    public static final String KIND_ATTRIBUTE = "kind";

    /** Capability namespace the host provides from its system bundle for the base model it runs. */
    public static final String BASE_NAMESPACE = "brick.base";
    /** Capability attribute holding the embedding width of the base model. */
    public static final String DIM_ATTRIBUTE = "dim";
    /** Capability attribute holding the base model's ONNX digest. */
    public static final String DIGEST_ATTRIBUTE = "digest";

    private BrickHeaders() {
    }

    /** The {@code Provide-Capability} clause for a brick. */
    public static String provideCapability(BrickManifest manifest) {
        return BRICK_NAMESPACE + ";" + BRICK_NAMESPACE + "=\"" + manifest.id() + "\";" + VERSION_ATTRIBUTE
                + ":Version=\"" + manifest.semVer().toOsgiVersion() + "\";" + KIND_ATTRIBUTE + "="
                + manifest.kind().jsonName();
    }

    /** The {@code Require-Capability} clause that ties a brick to its base model and embedding width. */
    public static String requireBase(BaseModelRef base) {
        return BASE_NAMESPACE + ";filter:=\"" + baseFilter(base) + "\"";
    }

    /**
     * The {@code Require-Capability} clauses of a composite brick's components, one per component: the OSGi resolver
     * then refuses the composite until a bundle of each component in its range is installed.
     */
    public static String requireComponents(CompositeRecipe recipe) {
        StringBuilder header = new StringBuilder();
        for (CompositeRecipe.Component component : recipe.components()) {
            if (header.length() > 0) {
                header.append(',');
            }
            header.append(BRICK_NAMESPACE).append(";filter:=\"(&(").append(BRICK_NAMESPACE).append('=')
                    .append(component.brick()).append(')').append(component.range().toOsgiFilter(VERSION_ATTRIBUTE))
                    .append(")\"");
        }
        return header.toString();
    }

    /** The LDAP filter of {@link #requireBase}. */
    public static String baseFilter(BaseModelRef base) {
        return "(&(" + BASE_NAMESPACE + "=" + base.name() + ")(" + DIM_ATTRIBUTE + "=" + base.dim() + "))";
    }
}

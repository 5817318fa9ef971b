package dev.brickyard.registry.resource;

import dev.brickyard.base.sign.KeyFormatException;
import dev.brickyard.base.sign.SignerKey;
import dev.brickyard.http.problem.ErrorCode;
import dev.brickyard.http.registry.KeyDocument;
import dev.brickyard.http.registry.NamespacePolicy;
import dev.brickyard.registry.auth.Tokens;
import dev.brickyard.registry.store.BrickStore;
import dev.brickyard.registry.store.NamespaceKey;
import dev.brickyard.registry.store.TokenRecord;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

/**
 * A namespace's signing keys and publishing policy. Changes need a token of the namespace with the {@code keys}
 * scope; reads are open like every read of the registry (public keys are public, and hosts read them to write their
 * trust policies).
 * <ul>
 *   <li>{@code GET /v1/namespaces/{ns}/keys}: the keys, revoked ones included;</li>
 *   <li>{@code PUT /v1/namespaces/{ns}/keys/{fingerprint}?name=NAME}, body the PEM public key: registers it (201, or
 *       200 when it is registered already; a revoked key is refused, {@code key_revoked});</li>
 *   <li>{@code DELETE /v1/namespaces/{ns}/keys/{fingerprint}}: revokes it; versions it signed keep naming it, with
 *       status {@code revoked}, and new publishes signed by it are refused;</li>
 *   <li>{@code GET|PUT /v1/namespaces/{ns}/policy} {@code {"requireSigned": true}}: refuse unsigned publishes.</li>
 * </ul>
 */
@Path("/v1/namespaces/{namespace}")
@Produces(MediaType.APPLICATION_JSON)
public final class NamespacesResource {
    /** A PEM public key is under 1 KiB even for RSA 4096; more is not a key. */
    private static final int MAX_KEY_BYTES = 8 * 1024;
    private static final int MAX_NAME_LENGTH = 100;

    private final BrickStore store;
    private final Tokens tokens;

    public NamespacesResource(BrickStore store, Tokens tokens) {
        this.store = store;
        this.tokens = tokens;
    }

    @GET
    @Path("keys")
    public List<KeyDocument> keys(@PathParam("namespace") String namespace) {
        return store.keys(Params.namespace(namespace)).stream().map(Documents::key).toList();
    }

    @PUT
    @Path("keys/{fingerprint}")
    @Consumes({MediaType.TEXT_PLAIN, "application/x-pem-file", MediaType.APPLICATION_OCTET_STREAM})
    public Response addKey(@PathParam("namespace") String namespace, @PathParam("fingerprint") String fingerprint,
                           @QueryParam("name") String name,
                           @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, InputStream body,
                           @Context UriInfo uri) throws IOException {
        Params.namespace(namespace);
        TokenRecord token = tokens.authorize(authorization, namespace, TokenRecord.Scope.KEYS);
        requireFingerprint(fingerprint);
        if (name != null && (name.isBlank() || name.length() > MAX_NAME_LENGTH)) {
            throw new RegistryException(ErrorCode.BAD_REQUEST, "a key's name has 1 to " + MAX_NAME_LENGTH
                    + " characters");
        }
        byte[] pem = body.readNBytes(MAX_KEY_BYTES + 1);
        if (pem.length > MAX_KEY_BYTES) {
            throw new RegistryException(ErrorCode.KEY_INVALID, "the body is larger than a PEM public key ("
                    + MAX_KEY_BYTES + " bytes at most)");
        }
        SignerKey key;
        try {
            key = SignerKey.fromPem(new String(pem, StandardCharsets.US_ASCII));
        } catch (KeyFormatException e) {
            throw new RegistryException(ErrorCode.KEY_INVALID, "the body is not a PEM public key: " + e.getMessage());
        }
        if (!key.fingerprint().equals(fingerprint)) {
            throw new RegistryException(ErrorCode.KEY_INVALID, "the key's fingerprint is " + key.fingerprint()
                    + ", not " + fingerprint + " as the URL says");
        }
        NamespaceKey record = new NamespaceKey(namespace, fingerprint, name == null ? key.shortFingerprint() : name,
                key.pem(), Instant.now(), token.id(), null);
        BrickStore.KeyOutcome outcome = store.addKey(record);
        NamespaceKey stored = find(namespace, fingerprint);
        return switch (outcome) {
            case ADDED -> Response.created(uri.getRequestUri()).entity(Documents.key(stored)).build();
            case ALREADY_REGISTERED -> Response.ok(Documents.key(stored)).build();
            case REVOKED -> throw new RegistryException(ErrorCode.KEY_REVOKED, "namespace '" + namespace
                    + "' revoked key " + fingerprint + " at " + stored.revokedAt() + "; a revoked key is never "
                    + "registered again: make a new key (brick keys create)");
        };
    }

    @DELETE
    @Path("keys/{fingerprint}")
    public KeyDocument revokeKey(@PathParam("namespace") String namespace, @PathParam("fingerprint") String fingerprint,
                                 @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        Params.namespace(namespace);
        tokens.authorize(authorization, namespace, TokenRecord.Scope.KEYS);
        requireFingerprint(fingerprint);
        find(namespace, fingerprint);
        store.revokeKey(namespace, fingerprint, Instant.now());
        return Documents.key(find(namespace, fingerprint));
    }

    @GET
    @Path("policy")
    public NamespacePolicy policy(@PathParam("namespace") String namespace) {
        return new NamespacePolicy(store.requiresSigned(Params.namespace(namespace)));
    }

    @PUT
    @Path("policy")
    @Consumes(MediaType.APPLICATION_JSON)
    public NamespacePolicy setPolicy(@PathParam("namespace") String namespace,
                                     @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
                                     NamespacePolicy policy) {
        Params.namespace(namespace);
        tokens.authorize(authorization, namespace, TokenRecord.Scope.KEYS);
        if (policy == null || policy.requireSigned() == null) {
            throw new RegistryException(ErrorCode.BAD_REQUEST, "the body is {\"requireSigned\": true|false}");
        }
        store.setRequiresSigned(namespace, policy.requireSigned());
        return new NamespacePolicy(store.requiresSigned(namespace));
    }

    private NamespaceKey find(String namespace, String fingerprint) {
        return store.keys(namespace).stream().filter(key -> key.fingerprint().equals(fingerprint)).findFirst()
                .orElseThrow(() -> new RegistryException(ErrorCode.NOT_FOUND, "namespace '" + namespace
                        + "' has no key " + fingerprint));
    }

    private static void requireFingerprint(String fingerprint) {
        if (!SignerKey.isFingerprint(fingerprint)) {
            throw new RegistryException(ErrorCode.BAD_REQUEST, "'" + fingerprint + "' is not a key fingerprint: 64 "
                    + "lower-case hex digits, the SHA-256 of the public key (brick keys show)");
        }
    }
}

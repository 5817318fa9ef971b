package dev.brickyard.registry.auth;

import dev.brickyard.api.version.BrickId;
import dev.brickyard.registry.store.BrickStore;
import dev.brickyard.registry.store.TokenRecord;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Set;

/**
 * Creates and checks tokens. A token's secret is {@code bky_<id>_<43 random base64url characters>}; the registry
 * keeps only its SHA-256, so a leaked database does not leak usable tokens.
 */
public final class Tokens {
    private static final String PREFIX = "bky_";
    private final BrickStore store;
    private final SecureRandom random = new SecureRandom();

    public Tokens(BrickStore store) {
        this.store = store;
    }

    /** A new token and its secret, which is shown once and never again. */
    public record Created(TokenRecord token, String secret) {
    }

    /**
     * A new token of a namespace with publish and/or yank.
     *
     * @throws IllegalArgumentException for a malformed namespace or description, no scopes, or the admin scope (an
     *                                  admin token belongs to no namespace: {@link #createAdmin})
     */
    public Created create(String namespace, Set<TokenRecord.Scope> scopes, String description) {
        if (namespace == null || !namespace.matches("[a-z0-9][a-z0-9-]{0,63}")) {
            throw new IllegalArgumentException("not a namespace (lower-case letters, digits, hyphens): " + namespace);
        }
        if (scopes.isEmpty()) {
            throw new IllegalArgumentException("a token needs at least one scope (publish, yank, keys)");
        }
        if (scopes.contains(TokenRecord.Scope.ADMIN)) {
            throw new IllegalArgumentException("the admin scope is for admin tokens, which belong to no namespace: "
                    + "create one without a namespace (brick registry token create --admin)");
        }
        return insert(namespace, scopes, description);
    }

    /**
     * A new admin token: it may create, list and revoke tokens over the API, and publishes nothing.
     *
     * @throws IllegalArgumentException for a description over 200 characters
     */
    public Created createAdmin(String description) {
        return insert(null, Set.of(TokenRecord.Scope.ADMIN), description);
    }

    /** Whether the registry has an admin token that is not revoked. */
    public boolean hasActiveAdmin() {
        return store.tokens(null).stream().anyMatch(token -> token.admin() && !token.revoked());
    }

    /**
     * Revokes a token at once.
     *
     * @return the token as it is now, revoked
     * @throws TokenNotFoundException when there is no token with this id
     * @throws TokenRevokedException when it was already revoked
     */
    public TokenRecord revoke(String id) {
        TokenRecord token = store.token(id).orElseThrow(() -> new TokenNotFoundException("no token with id '" + id
                + "' (list them with 'brick registry token list')"));
        if (token.revoked() || !store.revokeToken(id)) {
            TokenRecord now = store.token(id).orElse(token);
            throw new TokenRevokedException("the token " + id + " was already revoked at " + now.revokedAt());
        }
        return store.token(id).orElseThrow(() -> new IllegalStateException("token " + id + " vanished"));
    }

    private Created insert(String namespace, Set<TokenRecord.Scope> scopes, String description) {
        if (description != null && description.length() > 200) {
            throw new IllegalArgumentException("a token description has at most 200 characters");
        }
        byte[] idBytes = new byte[6];
        byte[] secretBytes = new byte[32];
        random.nextBytes(idBytes);
        random.nextBytes(secretBytes);
        String id = HexFormat.of().formatHex(idBytes);
        String secret = PREFIX + id + "_" + Base64.getUrlEncoder().withoutPadding().encodeToString(secretBytes);
        TokenRecord token = new TokenRecord(id, namespace, hash(secret), scopes,
                description == null ? "" : description, Instant.now(), null);
        store.insertToken(token);
        return new Created(token, secret);
    }

    /**
     * Checks an {@code Authorization} header for an action on a brick.
     *
     * @throws UnauthenticatedException for a missing, unknown or revoked token
     * @throws NotPermittedException for a token of another namespace or without the scope
     */
    public TokenRecord authorize(String authorization, BrickId brick, TokenRecord.Scope scope) {
        return authorize(authorization, brick.namespace(), scope);
    }

    /**
     * Checks an {@code Authorization} header for an action on a namespace (its keys, its policy).
     *
     * @throws UnauthenticatedException for a missing, unknown or revoked token
     * @throws NotPermittedException for an admin token, a token of another namespace or without the scope
     */
    public TokenRecord authorize(String authorization, String namespace, TokenRecord.Scope scope) {
        TokenRecord token = identify(authorization, "brick registry token create --namespace " + namespace
                + (scope == TokenRecord.Scope.KEYS ? " --scope keys" : ""));
        if (token.admin()) {
            throw new NotPermittedException("the token " + token.id() + " is an admin token: it manages tokens and "
                    + "acts in no namespace; create a token for namespace '" + namespace + "' with it");
        }
        if (!token.namespace().equals(namespace)) {
            throw new NotPermittedException("the token " + token.id() + " belongs to namespace '"
                    + token.namespace() + "', not '" + namespace + "'");
        }
        if (!token.scopes().contains(scope)) {
            throw new NotPermittedException("the token " + token.id() + " lacks the '"
                    + scope.jsonName() + "' scope");
        }
        return token;
    }

    /**
     * Checks an {@code Authorization} header for the token administration API.
     *
     * @throws UnauthenticatedException for a missing, unknown or revoked token
     * @throws NotPermittedException for a token without the admin scope
     */
    public TokenRecord authorizeAdmin(String authorization) {
        TokenRecord token = identify(authorization, "brick registry token create --admin");
        if (!token.admin()) {
            throw new NotPermittedException("the token " + token.id() + " lacks the 'admin' scope: managing tokens "
                    + "needs an admin token (see 'brick registry token create --help')");
        }
        return token;
    }

    /**
     * The valid token an {@code Authorization} header carries, whatever it may do.
     *
     * @param howToGetOne the command that makes a token, named in the error when there is none
     * @throws UnauthenticatedException for a missing, unknown or revoked token
     */
    public TokenRecord identify(String authorization, String howToGetOne) {
        String secret = bearerSecret(authorization).orElseThrow(() -> new UnauthenticatedException(
                "send 'Authorization: Bearer <token>'; create a token with '" + howToGetOne + "'"));
        TokenRecord token = store.tokenBySecretHash(hash(secret)).orElseThrow(() ->
                new UnauthenticatedException("the token is not known to this registry"));
        if (token.revoked()) {
            throw new UnauthenticatedException("the token " + token.id() + " was revoked at "
                    + token.revokedAt());
        }
        return token;
    }

    /**
     * The valid token an {@code Authorization} header carries, for requests that need none: empty when the header is
     * missing or its token unknown or revoked.
     */
    public Optional<TokenRecord> holder(String authorization) {
        return bearerSecret(authorization).flatMap(secret -> store.tokenBySecretHash(hash(secret)))
                .filter(token -> !token.revoked());
    }

    private static Optional<String> bearerSecret(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Optional.empty();
        }
        return Optional.of(authorization.substring(7).trim());
    }

    static String hash(String secret) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}

package dev.brickyard.registry.resource;

import dev.brickyard.http.registry.TokenInfo;
import dev.brickyard.registry.auth.Tokens;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;

/** {@code GET /v1/token}: the namespace and scopes of the bearer token sent, or 401 when it is not valid. */
@Path("/v1/token")
@Produces(MediaType.APPLICATION_JSON)
public final class TokenResource {
    private final Tokens tokens;

    public TokenResource(Tokens tokens) {
        this.tokens = tokens;
    }

    @GET
    public TokenInfo token(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        return Documents.tokenInfo(tokens.identify(authorization,
                "brick registry token create --namespace NAMESPACE"));
    }
}

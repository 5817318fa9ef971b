package dev.brickyard.http.server;

import dev.brickyard.http.problem.ErrorCode;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import java.util.Set;

/**
 * The first thing a request meets in Jersey: refuses a body whose {@code Content-Length} is over the limit before a
 * byte of it is read (413), and wraps the body so that one without a length cannot pass the limit either and one
 * that stalls is cut off.
 */
@PreMatching
@Priority(Priorities.AUTHENTICATION - 100)
final class BodyLimitFilter implements ContainerRequestFilter {
    /** The media types of bundle uploads, which get {@link ServerLimits#maxUploadBytes()}. */
    static final Set<String> UPLOAD_TYPES = Set.of("application/java-archive", "application/zip",
            MediaType.APPLICATION_OCTET_STREAM);

    private final ServerLimits limits;

    BodyLimitFilter(ServerLimits limits) {
        this.limits = limits;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        RequestGuard.Watch watch = RequestGuard.current();
        boolean upload = isUpload(request.getMediaType());
        long limit = upload ? limits.maxUploadBytes() : limits.maxJsonBytes();
        long declared = declaredLength(request.getHeaderString(HttpHeaders.CONTENT_LENGTH));
        if (declared > limit) {
            throw tooLarge(upload, limit, "the body declares " + declared + " bytes");
        }
        if (request.hasEntity()) {
            GuardedBody body = new GuardedBody(request.getEntityStream(), watch, limit, declared,
                    () -> tooLarge(upload, limit, "the body is longer"));
            request.setEntityStream(body);
            request.setProperty(GuardedBody.PROPERTY, body);
        }
    }

    private static boolean isUpload(MediaType type) {
        return type != null && UPLOAD_TYPES.contains(type.getType() + "/" + type.getSubtype());
    }

    /** The declared length, or -1 when there is none (the JDK server refuses a malformed one itself). */
    private static long declaredLength(String header) {
        if (header == null) {
            return -1;
        }
        try {
            return Long.parseLong(header.strip());
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE;
        }
    }

    static RequestRefusedException tooLarge(boolean upload, long limit, String what) {
        return new RequestRefusedException(upload ? ErrorCode.UPLOAD_TOO_LARGE : ErrorCode.BODY_TOO_LARGE,
                what + "; this server accepts at most " + limit + " bytes" + (upload ? " in an upload" : ""), 0);
    }
}

package dev.brickyard.http.server;

import jakarta.ws.rs.container.ResourceInfo;
import java.lang.annotation.Annotation;

/** Whether the resource method a request was matched to carries a mark ({@link AlwaysAdmitted}, {@link RateLimited}). */
final class ResourceMarks {
    private ResourceMarks() {
    }

    /** Whether the matched method, or its class, is annotated with {@code mark}; false before a match. */
    static boolean marked(ResourceInfo resource, Class<? extends Annotation> mark) {
        return resource != null && resource.getResourceMethod() != null
                && (resource.getResourceMethod().isAnnotationPresent(mark)
                || resource.getResourceClass().isAnnotationPresent(mark));
    }
}

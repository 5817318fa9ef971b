package dev.brickyard.registry.resource;

import jakarta.ws.rs.NameBinding;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A resource that only an admin token may use: {@link AdminAuthentication} checks the token before the request's
 * body is read, so a request without one is answered 401 (or 403) whatever it sends.
 */
@NameBinding
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface AdminOnly {
}

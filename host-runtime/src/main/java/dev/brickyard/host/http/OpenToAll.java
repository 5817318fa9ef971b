package dev.brickyard.host.http;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A resource anyone who reaches the host may call without a token: health checks (load balancers and orchestrators
 * probe them without credentials) and the API description.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface OpenToAll {
}

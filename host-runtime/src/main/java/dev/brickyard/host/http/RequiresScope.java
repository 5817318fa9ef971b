package dev.brickyard.host.http;

import dev.brickyard.host.access.HostScope;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The scope a host token needs for a resource method (on the method, or on its class for all of them). A method of
 * neither this nor {@link OpenToAll} needs {@link HostScope#ADMIN}: what is not marked is guarded the most.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface RequiresScope {
    HostScope value();
}

package dev.brickyard.http.server;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A resource method (or every method of a resource class) that is answered even when the server is at its limit of
 * concurrent requests: health probes and metrics, which must answer while a server is under attack, and long-lived
 * event streams, which would otherwise hold a worker for as long as a client listens.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface AlwaysAdmitted {
}

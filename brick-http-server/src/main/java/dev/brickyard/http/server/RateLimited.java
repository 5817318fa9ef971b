package dev.brickyard.http.server;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A resource method whose work is heavy enough that anyone can tie a server up by repeating it (a search embeds its
 * query with the base model): one client may call it {@link ServerLimits#clientRate()} times a second, with bursts of
 * twice that, and is answered 429 with {@code Retry-After} past it.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface RateLimited {
}

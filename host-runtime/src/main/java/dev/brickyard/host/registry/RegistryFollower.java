package dev.brickyard.host.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.brickyard.api.BrickException;
import dev.brickyard.api.version.BrickId;
import dev.brickyard.api.version.BrickRef;
import dev.brickyard.host.BrickHost;
import dev.brickyard.host.InstalledBrick;
import dev.brickyard.host.trust.TrustPolicy;
import dev.brickyard.http.client.NotInRegistryException;
import dev.brickyard.http.client.RegistryClient;
import dev.brickyard.http.registry.ResolvedVersion;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A version policy driven by the registry's event stream ({@code GET /v1/events}, Server-Sent Events): for every
 * brick matching a pattern such as {@code acme/*@^1}, the host installs, and then moves to, the highest non-yanked
 * version in the range whenever a version is published, yanked or unyanked. A pattern may name a dist-tag instead
 * of a range ({@code acme/urgency@stable}): the host then runs the version the tag points at and moves when the
 * namespace moves the tag (the registry's {@code tagged} event); when the tag is removed the host keeps what runs. The stream is read from the start of
 * the registry's history once, so bricks published before the host started are picked up too, and is resumed with
 * {@code Last-Event-ID} after a broken connection, so no event is missed.
 */
public final class RegistryFollower implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(RegistryFollower.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

    /**
     * Which bricks to follow: {@code namespace/name} where either part may be {@code *}, and a version range or a
     * dist-tag.
     *
     * @param selector what follows the {@code @}: a version range ({@code *} when none was given) or a dist-tag such
     *                 as {@code stable}, which the registry resolves
     */
    public record Pattern(String namespace, String name, String selector, String text) {
        /**
         * Parses {@code namespace/name[@range|@tag]} such as {@code acme/sentiment@^1} or {@code acme/*@stable};
         * either part of the id may be {@code *}.
         */
        public static Pattern parse(String text) {
            String trimmed = text.strip();
            int at = trimmed.indexOf('@');
            String id = at < 0 ? trimmed : trimmed.substring(0, at);
            String selector = BrickRef.parse("any/brick@" + (at < 0 ? "*" : trimmed.substring(at + 1))).selector();
            String[] parts = id.split("/", -1);
            if (parts.length != 2) {
                throw new IllegalArgumentException("'" + text + "' is not namespace/name[@range], with * for any part");
            }
            for (String part : parts) {
                if (!part.equals("*") && !BrickId.isValid("a/" + part)) {
                    throw new IllegalArgumentException("'" + part + "' in '" + text + "' is neither * nor a valid name");
                }
            }
            return new Pattern(parts[0], parts[1], selector, trimmed);
        }

        public boolean matches(BrickId id) {
            return (namespace.equals("*") || namespace.equals(id.namespace()))
                    && (name.equals("*") || name.equals(id.name()));
        }
    }

    private final BrickHost host;
    private final RegistryClient registry;
    private final RegistryInstaller installer;
    private final List<Pattern> patterns;
    private final Consumer<String> log;
    private final Thread thread;
    private volatile boolean closed;
    private volatile InputStream stream;
    private volatile long lastEventId;

    private RegistryFollower(BrickHost host, RegistryClient registry, List<Pattern> patterns, Consumer<String> log) {
        this.host = host;
        this.registry = registry;
        this.installer = new RegistryInstaller(host, registry);
        this.patterns = List.copyOf(patterns);
        this.log = log;
        this.thread = new Thread(this::run, "brickyard-registry-follower");
        this.thread.setDaemon(true);
    }

    /**
     * Starts following.
     *
     * @param log receives one line per change made (or refused), for the operator
     * @throws IllegalArgumentException when a pattern leaves the namespace open ({@code * /sentiment}) and the host's
     *                                  trust policy does not allow it: anyone who can create a namespace could
     *                                  publish a brick the host would install
     */
    public static RegistryFollower start(BrickHost host, RegistryClient registry, List<Pattern> patterns,
                                         Consumer<String> log) {
        requireNamedNamespaces(patterns, host.options().trust());
        RegistryFollower follower = new RegistryFollower(host, registry, patterns, log);
        follower.thread.start();
        return follower;
    }

    /**
     * Refuses patterns whose namespace is {@code *} unless the trust policy allows wildcard follows.
     *
     * @throws IllegalArgumentException naming the first such pattern and what to do instead
     */
    public static void requireNamedNamespaces(List<Pattern> patterns, TrustPolicy trust) {
        for (Pattern pattern : patterns) {
            if (pattern.namespace().equals("*") && !trust.allowWildcardFollow()) {
                throw new IllegalArgumentException("'" + pattern.text() + "' follows every namespace: a stranger "
                        + "who publishes <any namespace>/" + pattern.name() + " would be installed. Name the "
                        + "namespace (e.g. acme/" + pattern.name() + "), or allow it with \"allowWildcardFollow\": "
                        + "true in a --trust policy that lists which keys may sign which namespaces");
            }
        }
    }

    /** The id of the last event handled; 0 before the first. */
    public long lastEventId() {
        return lastEventId;
    }

    private void run() {
        Duration backoff = Duration.ofSeconds(1);
        while (!closed) {
            try {
                listen();
                backoff = Duration.ofSeconds(1);
            } catch (IOException | BrickException | RuntimeException e) {
                if (closed) {
                    return;
                }
                LOG.log(Level.WARNING, "event stream of " + registry.base() + " broke off; reconnecting in "
                        + backoff.toSeconds() + " s: " + e);
            }
            try {
                Thread.sleep(backoff.toMillis());
            } catch (InterruptedException e) {
                return;
            }
            backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
        }
    }

    /** Reads the stream until it ends, handling each event as it arrives. */
    private void listen() throws IOException, BrickException {
        stream = registry.events(lastEventId);
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
            String id = null;
            StringBuilder data = new StringBuilder();
            for (String line = lines.readLine(); line != null && !closed; line = lines.readLine()) {
                if (line.isEmpty()) {
                    if (data.length() > 0) {
                        handle(data.toString());
                        if (id != null) {
                            lastEventId = Long.parseLong(id.strip());
                        }
                    }
                    id = null;
                    data.setLength(0);
                } else if (line.startsWith("id:")) {
                    id = line.substring(3);
                } else if (line.startsWith("data:")) {
                    data.append(line.substring(5).strip());
                }
            }
        }
    }

    /** One event: brings the brick it names to the best version its pattern allows. */
    private void handle(String data) throws IOException {
        JsonNode event = JSON.readTree(data);
        BrickId id;
        try {
            id = BrickId.parse(event.path("brick").asText());
        } catch (IllegalArgumentException e) {
            return;
        }
        Optional<Pattern> pattern = patterns.stream().filter(p -> p.matches(id)).findFirst();
        if (pattern.isPresent()) {
            follow(id, pattern.get());
        }
    }

    private void follow(BrickId id, Pattern pattern) {
        if (!host.options().trust().trustsNamespace(id.namespace())) {
            log.accept("following " + pattern.text() + ": skipped " + id + ": the trust policy lets no key sign "
                    + "namespace '" + id.namespace() + "'");
            return;
        }
        Optional<InstalledBrick> installed = host.bricks().stream().filter(b -> b.id().equals(id)).findFirst();
        try {
            ResolvedVersion best;
            try {
                best = registry.resolve(id + "@" + pattern.selector(), host.baseModel().reference().name());
            } catch (NotInRegistryException nothing) {
                return; // no non-yanked version in range, or the tag was removed: keep whatever runs
            }
            if (installed.isPresent() && installed.get().sha256().equals(best.digest())) {
                return;
            }
            InstalledBrick now = installer.apply(best, installed.isPresent());
            log.accept((installed.isPresent() ? "following " + pattern.text() + ": swapped " + installed.get()
                    + " -> " : "following " + pattern.text() + ": installed ") + now);
        } catch (BrickException | IOException | RuntimeException e) {
            log.accept("following " + pattern.text() + ": could not move " + id + " to the best version: "
                    + e.getMessage());
        }
    }

    /** Stops following; a change in progress finishes first. */
    @Override
    public void close() {
        closed = true;
        InputStream open = stream;
        if (open != null) {
            try {
                open.close();
            } catch (IOException ignored) {
                // closing is all we wanted
            }
        }
        thread.interrupt();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

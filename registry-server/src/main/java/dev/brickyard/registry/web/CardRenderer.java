package dev.brickyard.registry.web;

import dev.brickyard.registry.publish.CardText;
import java.util.List;
import org.commonmark.Extension;
import org.commonmark.ext.gfm.tables.TablesExtension;
import org.commonmark.node.Link;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.DefaultUrlSanitizer;
import org.commonmark.renderer.html.HtmlRenderer;

/**
 * Renders a brick card (Markdown written by whoever published the brick) as HTML that is safe to embed: the YAML
 * front matter is dropped, raw HTML in the Markdown is shown as text rather than interpreted, and link and image
 * URLs other than http, https and mailto are emptied, so no script, frame or {@code javascript:} link gets through.
 */
final class CardRenderer {
    /** GitHub-style tables: the trainer's cards report per-label scores in one. */
    private static final List<Extension> EXTENSIONS = List.of(TablesExtension.create());
    private static final Parser PARSER = Parser.builder().extensions(EXTENSIONS).build();
    private static final HtmlRenderer RENDERER = HtmlRenderer.builder()
            .extensions(EXTENSIONS)
            .escapeHtml(true)
            .sanitizeUrls(true)
            .urlSanitizer(new DefaultUrlSanitizer(List.of("http", "https", "mailto")))
            // Cards are third-party content: their links must not pass on reputation, the opener or the referrer.
            .attributeProviderFactory(context -> (node, tagName, attributes) -> {
                if (node instanceof Link) {
                    attributes.put("rel", "nofollow ugc noopener noreferrer");
                }
            })
            .build();

    private CardRenderer() {
    }

    /** The card's prose as an HTML fragment; empty for a card without prose. */
    static String render(String card) {
        return RENDERER.render(PARSER.parse(CardText.body(card)));
    }
}

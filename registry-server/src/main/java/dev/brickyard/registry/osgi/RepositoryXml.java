package dev.brickyard.registry.osgi;

import java.util.List;
import java.util.Map;

/**
 * Writes an OSGi Repository 1.0 XML document (OSGi Compendium 132.5):
 *
 * <pre>
 * &lt;repository xmlns="http://www.osgi.org/xmlns/repository/v1.0.0" name="..." increment="42"&gt;
 *   &lt;resource&gt;
 *     &lt;capability namespace="osgi.identity"&gt;
 *       &lt;attribute name="osgi.identity" value="acme.sentiment"/&gt;
 *       &lt;attribute name="version" type="Version" value="1.2.0"/&gt;
 *     &lt;/capability&gt;
 *     &lt;requirement namespace="brick.base"&gt;
 *       &lt;directive name="filter" value="(&amp;amp;(brick.base=all-minilm-l6-v2)(dim=384))"/&gt;
 *     &lt;/requirement&gt;
 *   &lt;/resource&gt;
 * &lt;/repository&gt;
 * </pre>
 *
 * Every value goes into an XML attribute, escaped here rather than by a library so that line breaks and tabs
 * survive attribute-value normalisation ({@code &#10;}) and characters XML 1.0 cannot carry at all become U+FFFD
 * instead of a document no parser accepts.
 */
public final class RepositoryXml {
    public static final String NAMESPACE = "http://www.osgi.org/xmlns/repository/v1.0.0";

    private RepositoryXml() {
    }

    /**
     * The whole document.
     *
     * @param increment a number that grows with every change of the repository's content
     */
    public static String write(String name, long increment, List<BundleResource> resources) {
        StringBuilder xml = new StringBuilder(1024 + 2048 * resources.size());
        xml.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        xml.append("<repository xmlns=\"").append(NAMESPACE).append("\" name=\"").append(escape(name))
                .append("\" increment=\"").append(increment).append("\">\n");
        for (BundleResource resource : resources) {
            xml.append("  <resource>\n");
            resource.capabilities().forEach(clause -> clause(xml, "capability", clause));
            resource.requirements().forEach(clause -> clause(xml, "requirement", clause));
            xml.append("  </resource>\n");
        }
        xml.append("</repository>\n");
        return xml.toString();
    }

    private static void clause(StringBuilder xml, String element, BundleResource.Clause clause) {
        xml.append("    <").append(element).append(" namespace=\"").append(escape(clause.namespace())).append("\">\n");
        for (Map.Entry<String, String> directive : clause.directives().entrySet()) {
            xml.append("      <directive name=\"").append(escape(directive.getKey())).append("\" value=\"")
                    .append(escape(directive.getValue())).append("\"/>\n");
        }
        for (BundleResource.Attribute attribute : clause.attributes()) {
            xml.append("      <attribute name=\"").append(escape(attribute.name())).append("\"");
            if (attribute.type() != null) {
                xml.append(" type=\"").append(escape(attribute.type())).append("\"");
            }
            xml.append(" value=\"").append(escape(attribute.value())).append("\"/>\n");
        }
        xml.append("    </").append(element).append(">\n");
    }

    /** Text safe inside a double-quoted XML 1.0 attribute value, reading back exactly as given. */
    static String escape(String text) {
        StringBuilder escaped = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> escaped.append("&amp;");
                case '<' -> escaped.append("&lt;");
                case '>' -> escaped.append("&gt;");
                case '"' -> escaped.append("&quot;");
                case '\'' -> escaped.append("&apos;");
                case '\t' -> escaped.append("&#9;");
                case '\n' -> escaped.append("&#10;");
                case '\r' -> escaped.append("&#13;");
                default -> {
                    if (Character.isHighSurrogate(c) && i + 1 < text.length()
                            && Character.isLowSurrogate(text.charAt(i + 1))) {
                        escaped.append(c).append(text.charAt(++i));
                    } else if (c < 0x20 || Character.isSurrogate(c) || c == 0xFFFE || c == 0xFFFF) {
                        escaped.append('\uFFFD');
                    } else {
                        escaped.append(c);
                    }
                }
            }
        }
        return escaped.toString();
    }
}

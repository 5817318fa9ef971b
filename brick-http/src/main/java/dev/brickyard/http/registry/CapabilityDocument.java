package dev.brickyard.http.registry;

import dev.brickyard.api.manifest.HeaderClause;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** One OSGi capability or requirement of a brick, from its Provide-/Require-Capability headers. */
public record CapabilityDocument(String namespace, Map<String, String> attributes, Map<String, String> directives) {

    /** The clauses of a header, or none when it is absent or unparsable. */
    public static List<CapabilityDocument> of(String header) {
        List<CapabilityDocument> documents = new ArrayList<>();
        try {
            for (HeaderClause clause : HeaderClause.parse(header)) {
                documents.add(new CapabilityDocument(clause.name(), clause.attributes(), clause.directives()));
            }
        } catch (IllegalArgumentException unparsable) {
            // the verifier refused unparsable headers at publish time; stored ones always parse
        }
        return documents;
    }
}

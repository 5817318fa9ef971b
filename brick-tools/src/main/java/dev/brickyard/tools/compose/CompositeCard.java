package dev.brickyard.tools.compose;

import static dev.brickyard.tools.card.BrickCard.yaml;

import dev.brickyard.api.manifest.BrickManifest;
import dev.brickyard.tools.card.BrickCard;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The card of a composite brick, {@code brick/README.md}: front matter like a head's card with the components (brick,
 * range, weight), then what the composite answers, its components and how to compose it again.
 */
public final class CompositeCard {
    /** The sections each {@code brick compose} writes anew; the author's other sections are kept. */
    public static final List<String> RUN_SECTIONS = List.of("components", "composition");

    private CompositeCard() {
    }

    public static String of(BrickManifest manifest, List<Composition.Component> components) {
        StringBuilder card = BrickCard.frontMatter(manifest);
        card.append("combine: average\n")
                .append("components:\n");
        for (Composition.Component component : components) {
            card.append("  - brick: ").append(component.brick()).append('\n')
                    .append("    range: ").append(yaml(component.range().toString())).append('\n')
                    .append("    weight: ").append(number(component.weight())).append('\n');
        }
        card.append("metrics:\n")
                .append("  components: ").append(components.size()).append('\n')
                .append("---\n\n");
        card.append("# ").append(manifest.id()).append("\n\n")
                .append(manifest.description()).append("\n\n")
                .append("A composite brick for ").append(manifest.base().name()).append(": it holds no weights of its ")
                .append("own. A host runs its ").append(components.size()).append(" components on the same input ")
                .append("and answers with the weighted average of their probabilities for each of ")
                .append(manifest.labels().size()).append(" labels: ")
                .append(manifest.labels().stream().map(label -> "`" + label + "`").collect(Collectors.joining(", ")))
                .append(". Installing it installs its components, each in its range.\n\n");
        double total = components.stream().mapToDouble(Composition.Component::weight).sum();
        card.append("## Components\n\n")
                .append("| brick | range | weight | share | newest when composed |\n")
                .append("|---|---|---|---|---|\n");
        for (Composition.Component component : components) {
            card.append(String.format(Locale.ROOT, "| %s | `%s` | %s | %.1f %% | %s |%n", component.brick(),
                    component.range(), number(component.weight()), 100 * component.weight() / total,
                    component.manifest().version()));
        }
        card.append("\n## Composition\n\n")
                .append("The routing key is the normalised weighted mean of the components' routing keys. ")
                .append("Compose it again:\n\n```\nbrick compose ").append(manifest.id());
        for (Composition.Component component : components) {
            card.append(" --component '").append(component.brick()).append('@').append(component.range())
                    .append('=').append(number(component.weight())).append('\'');
        }
        card.append(" -o DIR\n```\n\n")
                .append("## Intended use\n\n")
                .append("Inputs each component is meant for. The composite knows only its labels and answers with ")
                .append("one of them for any input, so check the confidence.\n");
        return card.toString();
    }

    /** A weight without a needless {@code .0}. */
    private static String number(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value)
                : Double.toString(value);
    }
}

package dev.brickyard.cli.host;

import com.fasterxml.jackson.databind.JsonNode;
import dev.brickyard.cli.output.OutputOptions;
import dev.brickyard.cli.output.Style;
import dev.brickyard.cli.output.Table;
import dev.brickyard.http.client.HostClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code brick host list}: the bricks a running host has installed, as a table or as the host's JSON. */
@Command(name = "list", mixinStandardHelpOptions = true,
        description = "List the bricks installed on a running host: version, kind, labels, memory of their weights "
                + "and the earlier versions a rollback can return to (most recent first).")
public final class HostListCommand implements Callable<Integer> {
    /** Labels shown in the table before the rest are counted. */
    private static final int SHOWN_LABELS = 4;

    @Mixin
    HostAddressOptions host;

    @Mixin
    OutputOptions output;

    @Override
    public Integer call() throws Exception {
        HostClient client = host.client(output);
        JsonNode bricks = client.bricks();
        if (output.json()) {
            // A list is an object with "items", as the registry's search answers, so it can grow fields later.
            output.printJson(java.util.Map.of("items", bricks));
            return 0;
        }
        if (bricks.isEmpty()) {
            output.note("no bricks are installed on %s", client.base());
            return 0;
        }
        Table table = new Table("ID", "VERSION", "KIND", "LABELS", "MEMORY", "PRECISION", "PREVIOUS");
        for (JsonNode brick : bricks) {
            table.row(new Table.Cell(brick.path("id").asText(), Style.CYAN),
                    new Table.Cell(brick.path("version").asText(), Style.PLAIN),
                    new Table.Cell(brick.path("kind").asText(), Style.PLAIN),
                    new Table.Cell(labels(brick.path("labels")), Style.PLAIN),
                    new Table.Cell(memory(brick.path("weightBytes").asLong()), Style.PLAIN),
                    new Table.Cell(precision(brick.path("precision")), precisionWarns(brick.path("precision"))
                            ? Style.YELLOW : Style.PLAIN),
                    new Table.Cell(String.join(", ", texts(brick.path("previousVersions"))), Style.DIM));
        }
        output.print(table);
        return 0;
    }

    /**
     * The build a brick runs on, and when it was trained on the other one what its card says: {@code fp32},
     * {@code int8 (trained fp32, 98.8 % same)}, {@code int8 (trained fp32, not measured)}.
     */
    static String precision(JsonNode precision) {
        String served = precision.path("servedOn").asText("");
        if (!precision.hasNonNull("trainedOn") || precision.path("verdict").asText().equals("same-build")) {
            return served;
        }
        String trained = "trained " + precision.path("trainedOn").asText();
        return precision.hasNonNull("heldoutAgreement")
                ? String.format(Locale.ROOT, "%s (%s, %.1f %% same)", served, trained,
                100 * precision.path("heldoutAgreement").asDouble())
                : served + " (" + trained + ", not measured)";
    }

    /** Whether the host warned about running the brick on its build. */
    static boolean precisionWarns(JsonNode precision) {
        String verdict = precision.path("verdict").asText();
        return verdict.equals("changes-answers") || verdict.equals("not-measured");
    }

    /** The first labels and how many more: a brick may have up to 1,000. */
    static String labels(JsonNode array) {
        List<String> labels = texts(array);
        if (labels.size() <= SHOWN_LABELS) {
            return String.join(", ", labels);
        }
        return String.join(", ", labels.subList(0, SHOWN_LABELS)) + " +" + (labels.size() - SHOWN_LABELS) + " more";
    }

    /** The strings of a JSON array; empty when it is missing. */
    static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(element -> texts.add(element.asText()));
        return texts;
    }

    /** Bytes in the binary units {@code --brick-memory} takes (512m is 512 MiB). */
    static String memory(long bytes) {
        String[] units = {"B", "KiB", "MiB", "GiB"};
        double value = bytes;
        int unit = 0;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return unit == 0 ? bytes + " B" : String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
    }
}

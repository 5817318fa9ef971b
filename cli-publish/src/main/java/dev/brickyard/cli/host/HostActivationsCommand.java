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
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code brick host activations TEXT}: asks a running host which FFN neurons of its base model fire most for a text,
 * optionally with adapters and neuron bricks applied, and prints a table per layer.
 */
@Command(name = "activations", mixinStandardHelpOptions = true,
        description = {"Show which FFN neurons of a running host's base model fire most for a text: per layer, the "
                + "neurons with the highest mean activation over the text's word pieces, their highest activation "
                + "and the word piece where it occurs.",
                "Activations are read before any neuron mask, so a neuron brick named with --brick shows in the "
                        + "layers after its own."})
public final class HostActivationsCommand implements Callable<Integer> {
    @Mixin
    HostAddressOptions host;

    @Mixin
    OutputOptions output;

    @Parameters(index = "0", paramLabel = "TEXT", description = "The text to read.")
    String text;

    @Option(names = "--brick", paramLabel = "ID", description = "Apply this installed adapter or neuron brick; "
            + "repeatable.")
    List<String> bricks = new ArrayList<>();

    @Option(names = "--layer", paramLabel = "N", description = "Only this layer (0-5); repeatable, shown in the "
            + "order given (default: all).")
    List<Integer> layers = new ArrayList<>();

    @Option(names = "--top", paramLabel = "K", description = "Neurons per layer, 1-1536 (default: the host's, 10).")
    Integer top;

    @Override
    public Integer call() throws Exception {
        JsonNode answer = host.client(output).activations(new HostClient.ActivationsRequest(text,
                bricks.isEmpty() ? null : bricks, layers.isEmpty() ? null : layers, top, null));
        if (output.json()) {
            output.printJson(answer);
            return 0;
        }
        List<String> tokens = HostListCommand.texts(answer.path("tokens"));
        output.result("%s", "\"" + answer.path("text").asText() + "\"");
        output.result("word pieces: %s", String.join(" ", tokens));
        List<String> applied = HostListCommand.texts(answer.path("applied"));
        if (!applied.isEmpty()) {
            output.result("applied: %s", String.join(", ", applied));
        }
        for (JsonNode layer : answer.path("layers")) {
            output.result("%n%s", output.styled("layer " + layer.path("layer").asInt(), Style.BOLD));
            Table table = new Table("NEURON", "MEAN", "MAX", "TOKEN");
            for (JsonNode neuron : layer.path("top")) {
                int at = neuron.path("maxToken").asInt();
                table.row(new Table.Cell(neuron.path("neuron").asText(), Style.CYAN),
                        new Table.Cell(decimal(neuron.path("mean").doubleValue()), Style.PLAIN),
                        new Table.Cell(decimal(neuron.path("max").doubleValue()), Style.PLAIN),
                        new Table.Cell((at < tokens.size() ? tokens.get(at) : "?") + " (" + at + ")", Style.PLAIN));
            }
            output.print(table);
        }
        return 0;
    }

    private static String decimal(double value) {
        return String.format(Locale.ROOT, "%.3f", value);
    }
}

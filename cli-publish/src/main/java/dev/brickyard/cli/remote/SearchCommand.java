package dev.brickyard.cli.remote;

import dev.brickyard.cli.UsageException;
import dev.brickyard.cli.output.OutputOptions;
import dev.brickyard.cli.output.Style;
import dev.brickyard.cli.output.Table;
import dev.brickyard.http.client.RegistryClient;
import dev.brickyard.http.registry.BrickSummary;
import dev.brickyard.http.registry.SearchPage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code brick search [QUERY]}: the registry's search, ranked by text match and meaning, as a table or JSON. */
@Command(name = "search", mixinStandardHelpOptions = true,
        description = {"Search a registry. Words match names, tags, labels and descriptions; the meaning of the "
                + "query is matched too, so 'is this review happy' finds sentiment bricks.",
                "Without QUERY, lists bricks by downloads. Yanked versions are skipped."})
public final class SearchCommand implements Callable<Integer> {
    /** The most the registry gives in one page. */
    private static final int PAGE = 100;

    @Mixin
    RegistryOptions registry;

    @Mixin
    OutputOptions output;

    @Parameters(index = "0", arity = "0..*", paramLabel = "QUERY", description = "Words to look for.")
    List<String> words = new ArrayList<>();

    @Option(names = "--kind", description = "Only this kind: head, knowledge, adapter, neurons, composite.")
    String kind;

    @Option(names = "--base", paramLabel = "MODEL", description = "Only bricks for this base model.")
    String base;

    @Option(names = "--tag", description = "Only bricks with this tag.")
    String tag;

    @Option(names = "--label", description = "Only bricks with this output label.")
    String label;

    @Option(names = "--origin", description = "Only emergent or customized bricks.")
    String origin;

    @Option(names = "--sort", description = "relevance (default with a query), downloads or newest.")
    String sort;

    @Option(names = {"-n", "--limit"}, defaultValue = "20", description = "At most this many results "
            + "(default: ${DEFAULT-VALUE}).")
    int limit;

    @Override
    public Integer call() throws Exception {
        if (limit < 1) {
            throw new UsageException("--limit must be at least 1");
        }
        Map<String, String> query = new LinkedHashMap<>();
        query.put("q", words.isEmpty() ? null : String.join(" ", words));
        query.put("kind", kind);
        query.put("base", base);
        query.put("tag", tag);
        query.put("label", label);
        query.put("origin", origin);
        query.put("sort", sort == null ? null : sort.toLowerCase(Locale.ROOT));
        RegistryClient client = registry.client(output);
        List<BrickSummary> found = new ArrayList<>();
        SearchPage page;
        String cursor = null;
        do {
            query.put("limit", String.valueOf(Math.min(PAGE, limit - found.size())));
            query.put("cursor", cursor);
            page = client.search(query);
            found.addAll(page.items());
            cursor = page.next();
        } while (cursor != null && found.size() < limit);
        if (output.json()) {
            output.printJson(new SearchPage(found, page.total(), cursor));
            return 0;
        }
        if (found.isEmpty()) {
            output.note("no bricks match%s", words.isEmpty() ? "" : " '" + String.join(" ", words) + "'");
            return 0;
        }
        Table table = new Table("BRICK", "VERSION", "KIND", "DOWNLOADS", "DESCRIPTION");
        for (BrickSummary brick : found) {
            table.row(new Table.Cell(brick.id(), Style.CYAN), new Table.Cell(brick.latestVersion(), Style.PLAIN),
                    new Table.Cell(brick.kind(), Style.PLAIN), new Table.Cell(String.valueOf(brick.downloads()),
                            Style.PLAIN), new Table.Cell(brick.description(), Style.PLAIN));
        }
        output.print(table);
        if (page.total() > found.size()) {
            output.note("%d of %d bricks; see more with --limit %d", found.size(), page.total(),
                    Math.min(page.total(), found.size() * 2));
        }
        return 0;
    }
}

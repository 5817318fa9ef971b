package dev.brickyard.cli.scaffold;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.brickyard.api.BrickConflictException;
import dev.brickyard.api.BrickId;
import dev.brickyard.cli.UsageException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code brick new NS/NAME}: writes a brick folder to start from. {@code brick train head} (or {@code brick train
 * knowledge}) accepts it as it is (metadata from its {@code brick.json}, the author's card sections kept) and
 * {@code brick pack} packs the result:
 * <pre>
 * NAME/
 * ├── brick.json        id, version 0.1.0, kind, description, tags, licence, authors: the author's part
 * ├── README.md         the card: YAML front matter and sections for the author to fill in
 * └── data/train.tsv    a head's sample labelled text (text TAB label) to replace with your own, or
 *     data/facts.tsv    a knowledge brick's sample facts (key TAB value)
 * </pre>
 */
@Command(name = "new", mixinStandardHelpOptions = true,
        description = {"Create a brick folder to start from: brick.json, a card template and sample data.",
                "Then: brick train head --data NAME/data/train.tsv --out NAME (or brick train knowledge --data "
                        + "NAME/data/facts.tsv --out NAME), and brick pack NAME."})
public final class NewCommand implements Callable<Integer> {

    /** What {@code --kind} accepts. */
    enum Kind {
        head, knowledge, adapter
    }

    /**
     * What the folder of one kind starts with.
     *
     * @param sample the resource (next to this class) copied to {@code data/<dataFile>}
     * @param cardSections the card's sections for the author, after the title and description
     */
    private record Template(String description, List<String> tags, String sample, String dataFile,
                            String trainer, String cardSections) {
    }

    private static final Template HEAD = new Template("Says whether a support message is urgent or routine.",
            List.of("support", "urgency"), "head-train.tsv", "train.tsv", "head", """
            ## Intended use

            Who should use this brick, for what inputs, and what it must not be used for.
            `brick train head` keeps this section and the ones below, and writes the front matter, the \
            evaluation and the training sections itself.

            ## Training data

            Where the examples in `data/train.tsv` come from, who wrote or labelled them, and their licence.

            ## Limitations

            Languages, text lengths and topics it was not trained on.
            """);

    private static final Template KNOWLEDGE = new Template(
            "Answers questions about Northwind Outfitters: opening hours, delivery, returns and products.",
            List.of("faq", "support"), "knowledge-facts.tsv", "facts.tsv", "knowledge", """
            ## Intended use

            Who asks the questions these facts answer, and what the brick must not be used for.
            `brick train knowledge` keeps this section and the ones below, and writes the front matter, the \
            facts and the training sections itself.

            ## Source of the facts

            Where the facts in `data/facts.tsv` come from, who checked them, how often they change, and their \
            licence.

            ## Limitations

            Questions the facts do not cover: the brick answers every input with its closest facts, so callers \
            should check the scores.
            """);

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "NS/NAME", description = "The brick's id, e.g. acme/urgency.")
    String id;

    @Option(names = "--kind", defaultValue = "head", description = "head, knowledge or adapter (default: "
            + "${DEFAULT-VALUE}).")
    Kind kind;

    @Option(names = {"-o", "--dir"}, paramLabel = "DIR", description = "Folder to create (default: NAME).")
    Path folder;

    @Option(names = "--description", description = "One paragraph saying what the brick does.")
    String description;

    @Option(names = "--author", paramLabel = "NAME", description = "An author; repeatable (default: USER).")
    List<String> authors;

    @Option(names = "--license", defaultValue = "Apache-2.0", description = "Licence of the weights (default: "
            + "${DEFAULT-VALUE}).")
    String license;

    @Override
    public Integer call() throws Exception {
        if (!BrickId.isValid(id)) {
            throw new UsageException("'" + id + "' is not namespace/name in lower-case letters, digits and hyphens, "
                    + "such as acme/urgency");
        }
        if (kind == Kind.adapter) {
            throw new UsageException("--kind adapter cannot be scaffolded yet: this version builds head and knowledge "
                    + "bricks only ('brick train head', 'brick train knowledge'); adapter bricks need a 'brick fit "
                    + "adapter' command, which does not exist yet");
        }
        Template template = kind == Kind.knowledge ? KNOWLEDGE : HEAD;
        BrickId brick = BrickId.parse(id);
        Path target = folder != null ? folder : Path.of(brick.name());
        if (Files.exists(target) && (!Files.isDirectory(target) || !isEmpty(target))) {
            throw new BrickConflictException(target + " already exists and is not empty; choose another folder with -o");
        }
        String author = authors != null && !authors.isEmpty() ? null : System.getProperty("user.name", "unknown");
        List<String> authorList = author == null ? authors : List.of(author);
        String text = description != null && !description.isBlank() ? description.strip() : template.description();
        boolean created = !Files.exists(target);
        try {
            Files.createDirectories(target.resolve("data"));
            Files.write(target.resolve("brick.json"), manifest(brick, text, template.tags(), authorList));
            Files.writeString(target.resolve("README.md"), card(brick, text, template));
            try (InputStream sample = NewCommand.class.getResourceAsStream(template.sample())) {
                Files.write(target.resolve("data").resolve(template.dataFile()), sample.readAllBytes());
            }
        } catch (IOException e) {
            if (created) {
                delete(target);
            }
            throw e;
        }
        PrintWriter out = spec.commandLine().getOut();
        out.printf("created %s in %s%n", brick, target);
        Path data = target.resolve("data").resolve(template.dataFile());
        out.printf("  %s%n  %s%n  %s%n", target.resolve("brick.json"), target.resolve("README.md"), data);
        out.printf("next: replace the sample data with your own %s, then%n",
                kind == Kind.knowledge ? "facts" : "labelled text");
        out.printf("  brick train %s --data %s --out %s%n", template.trainer(), data, target);
        out.printf("  brick pack %s%n", target);
        out.printf("  brick publish %s%n", target);
        return 0;
    }

    private byte[] manifest(BrickId brick, String text, List<String> tags, List<String> authorList)
            throws IOException {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("id", brick.toString());
        fields.put("version", "0.1.0");
        fields.put("kind", kind.name());
        fields.put("description", text);
        fields.put("tags", tags);
        fields.put("license", license);
        fields.put("authors", authorList);
        // Created here, not in a static field: picocli instantiates every command for --help, and Jackson's
        // classes would cost every start-up of brick (measured by bench/CliBenchmark).
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode tree = json.valueToTree(fields);
        return json.writeValueAsBytes(tree);
    }

    private String card(BrickId brick, String text, Template template) {
        return "---\n"
                + "id: " + brick + "\n"
                + "kind: " + kind.name() + "\n"
                + "---\n\n"
                + "# " + brick + "\n\n"
                + text + "\n\n"
                + template.cardSections();
    }

    private static boolean isEmpty(Path directory) throws IOException {
        try (Stream<Path> entries = Files.list(directory)) {
            return entries.findAny().isEmpty();
        }
    }

    private static void delete(Path target) throws IOException {
        try (Stream<Path> files = Files.walk(target)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }
}

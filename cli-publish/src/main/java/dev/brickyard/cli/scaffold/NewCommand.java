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
 * {@code brick new NS/NAME}: writes a brick folder to start from. {@code brick train head} accepts it as it is
 * (metadata from its {@code brick.json}, the author's card sections kept) and {@code brick pack} packs the result:
 * <pre>
 * NAME/
 * ├── brick.json        id, version 0.1.0, kind, description, tags, licence, authors: the author's part
 * ├── README.md         the card: YAML front matter and sections for the author to fill in
 * └── data/train.tsv    sample labelled text (text TAB label) to replace with your own
 * </pre>
 */
@Command(name = "new", mixinStandardHelpOptions = true,
        description = {"Create a brick folder to start from: brick.json, a card template and sample data.",
                "Then: brick train head --data NAME/data/train.tsv --out NAME, and brick pack NAME."})
public final class NewCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** What {@code --kind} accepts. */
    enum Kind {
        head, knowledge, adapter
    }

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
        if (kind != Kind.head) {
            throw new UsageException("--kind " + kind + " cannot be scaffolded yet: this version trains head bricks "
                    + "only ('brick train head'); " + kind + " bricks need a '" + (kind == Kind.knowledge
                    ? "brick train knowledge" : "brick fit adapter") + "' command, which does not exist yet");
        }
        BrickId brick = BrickId.parse(id);
        Path target = folder != null ? folder : Path.of(brick.name());
        if (Files.exists(target) && (!Files.isDirectory(target) || !isEmpty(target))) {
            throw new BrickConflictException(target + " already exists and is not empty; choose another folder with -o");
        }
        String author = authors != null && !authors.isEmpty() ? null : System.getProperty("user.name", "unknown");
        List<String> authorList = author == null ? authors : List.of(author);
        String text = description != null && !description.isBlank() ? description.strip()
                : "Says whether a support message is urgent or routine.";
        boolean created = !Files.exists(target);
        try {
            Files.createDirectories(target.resolve("data"));
            Files.write(target.resolve("brick.json"), manifest(brick, text, authorList));
            Files.writeString(target.resolve("README.md"), card(brick, text));
            try (InputStream sample = NewCommand.class.getResourceAsStream("head-train.tsv")) {
                Files.write(target.resolve("data").resolve("train.tsv"), sample.readAllBytes());
            }
        } catch (IOException e) {
            if (created) {
                delete(target);
            }
            throw e;
        }
        PrintWriter out = spec.commandLine().getOut();
        out.printf("created %s in %s%n", brick, target);
        out.printf("  %s%n  %s%n  %s%n", target.resolve("brick.json"), target.resolve("README.md"),
                target.resolve("data").resolve("train.tsv"));
        out.printf("next: replace the sample data with your own labelled text, then%n");
        out.printf("  brick train head --data %s --out %s%n", target.resolve("data").resolve("train.tsv"), target);
        out.printf("  brick pack %s%n", target);
        out.printf("  brick publish %s%n", target);
        return 0;
    }

    private byte[] manifest(BrickId brick, String text, List<String> authorList) throws IOException {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("id", brick.toString());
        fields.put("version", "0.1.0");
        fields.put("kind", kind.name());
        fields.put("description", text);
        fields.put("tags", List.of("support", "urgency"));
        fields.put("license", license);
        fields.put("authors", authorList);
        ObjectNode tree = JSON.valueToTree(fields);
        return JSON.writeValueAsBytes(tree);
    }

    private static String card(BrickId brick, String text) {
        return "---\n"
                + "id: " + brick + "\n"
                + "kind: head\n"
                + "---\n\n"
                + "# " + brick + "\n\n"
                + text + "\n\n"
                + "## Intended use\n\n"
                + "Who should use this brick, for what inputs, and what it must not be used for.\n"
                + "`brick train head` keeps this section and the ones below, and writes the front matter, the "
                + "evaluation and the training sections itself.\n\n"
                + "## Training data\n\n"
                + "Where the examples in `data/train.tsv` come from, who wrote or labelled them, and their licence.\n\n"
                + "## Limitations\n\n"
                + "Languages, text lengths and topics it was not trained on.\n";
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

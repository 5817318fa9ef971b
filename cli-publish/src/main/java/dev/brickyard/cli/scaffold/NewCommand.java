package dev.brickyard.cli.scaffold;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.brickyard.api.BrickConflictException;
import dev.brickyard.api.version.BrickId;
import dev.brickyard.cli.UsageException;
import dev.brickyard.cli.output.JsonOption;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code brick new NS/NAME}: writes a brick folder to start from, in one layout for every kind. The command that
 * makes the brick ({@code brick train head}, {@code brick train knowledge}, {@code brick fit adapter},
 * {@code brick neurons find}) reads the sample data from {@code data/} and writes into the same folder
 * ({@code --out NAME}), keeping the metadata of its {@code brick.json} and the author's card sections, and leaving
 * {@code data/} alone; {@code brick pack NAME} packs the result:
 * <pre>
 * NAME/
 * ├── brick.json        id, version 0.1.0, kind, description, tags, licence, authors: the author's part
 * ├── README.md         the card: YAML front matter and sections for the author to fill in
 * └── data/             the kind's sample data, to replace with your own:
 *     ├── train.tsv         head: labelled text (text TAB label)
 *     ├── facts.tsv         knowledge: facts (key TAB value)
 *     ├── pairs.tsv         adapter: pairs (text TAB target)
 *     ├── controls.tsv      adapter: control pairs (sentence TAB sentence)
 *     ├── texts.txt         neurons: texts that show the feature, one per line
 *     └── contrast.txt      neurons: contrast texts, one per line
 * </pre>
 */
@Command(name = "new", mixinStandardHelpOptions = true,
        description = {"Create a brick folder to start from: NAME/brick.json, the card template NAME/README.md and "
                + "the kind's sample data in NAME/data/, the same layout for every kind.",
                "Then make the brick into the same folder: brick train head --data NAME/data/train.tsv --out NAME, "
                        + "brick train knowledge --data NAME/data/facts.tsv --out NAME, brick fit adapter --pairs "
                        + "NAME/data/pairs.tsv --controls NAME/data/controls.tsv --out NAME, or brick neurons find "
                        + "--texts NAME/data/texts.txt --contrast NAME/data/contrast.txt --out NAME; and brick pack "
                        + "NAME."})
public final class NewCommand implements Callable<Integer> {

    /** What {@code --kind} accepts. */
    enum Kind {
        head, knowledge, adapter, neurons
    }

    /** A resource next to this class, copied to {@code data/<dataFile>}. */
    private record Sample(String resource, String dataFile) {
    }

    /**
     * What the folder of one kind starts with.
     *
     * @param cardSections the card's sections for the author, after the title and description
     */
    private record Template(String description, List<String> tags, List<Sample> samples, String cardSections) {
    }

    private static final Template HEAD = new Template("Says whether a support message is urgent or routine.",
            List.of("support", "urgency"), List.of(new Sample("head-train.tsv", "train.tsv")), """
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
            List.of("faq", "support"), List.of(new Sample("knowledge-facts.tsv", "facts.tsv")), """
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

    private static final Template ADAPTER = new Template(
            "Teaches the base model the in-house jargon of a company's IT helpdesk, so that texts using it are "
                    + "understood like their plain meaning.",
            List.of("jargon", "support", "lora"),
            List.of(new Sample("adapter-pairs.tsv", "pairs.tsv"), new Sample("adapter-controls.tsv", "controls.tsv")),
            """
            ## Intended use

            Which texts use the terms this adapter teaches, which bricks should read the adapted embedding, and \
            what it must not be used for. `brick fit adapter` keeps this section and the ones below, and writes \
            the front matter, the evaluation and the training sections itself.

            ## Data

            Where the pairs in `data/pairs.tsv` and the control sentences in `data/controls.tsv` come from, who \
            wrote them, and their licence. (`data/pairs.tsv`: one `text<TAB>target` per line, the text using a \
            term and the target saying in plain words what it means, about six texts per term and at least two \
            terms. `data/controls.tsv`: thirty or more `sentence<TAB>sentence` lines of everyday text the adapter \
            must leave alone. Lines starting with `#` are comments.)

            ## Limitations

            Terms, languages and kinds of text the pairs do not cover. The adapter was checked on the control \
            sentences only: text far from them may move more.
            """);

    private static final Template NEURONS = new Template(
            "Silences FFN neurons of the base model that respond to negation (not, never, no).",
            List.of("negation", "neurons"),
            List.of(new Sample("neurons-texts.txt", "texts.txt"), new Sample("neurons-contrast.txt", "contrast.txt")),
            """
            ## Intended use

            What the neurons are probed or silenced for, and which bricks should read the changed embedding. \
            `brick neurons find` keeps this section and the ones below, and writes the front matter and the \
            neurons, effect and finding sections itself.

            ## Source of the texts

            Where the texts in `data/texts.txt` and `data/contrast.txt` come from, who wrote them, and their \
            licence. (`data/texts.txt`: one text per line that shows the feature; `data/contrast.txt`: one text \
            per line that lacks it but is otherwise alike. At least two each; a few dozen give steadier neurons.)

            ## Limitations

            The neurons are chosen by how much more they fire on the texts than on the contrast texts: an \
            association on these texts, not proof of what the neurons do elsewhere.
            """);

    /** The version a new brick folder starts at. */
    static final String FIRST_VERSION = "0.1.0";

    @Spec
    CommandSpec spec;

    @Mixin
    JsonOption json;

    @Parameters(index = "0", paramLabel = "NS/NAME", description = "The brick's id, e.g. acme/urgency.")
    String id;

    @Option(names = "--kind", defaultValue = "head", description = "head, knowledge, adapter or neurons (default: "
            + "${DEFAULT-VALUE}). An adapter's folder holds sample pairs and control pairs for brick fit adapter, a "
            + "neuron brick's sample texts and contrast texts for brick neurons find.")
    Kind kind;

    @Option(names = {"-o", "--out", "--dir"}, paramLabel = "DIR",
            description = "Folder to create (default: NAME). --dir is its old, deprecated name.")
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
        Template template = switch (kind) {
            case head -> HEAD;
            case knowledge -> KNOWLEDGE;
            case adapter -> ADAPTER;
            case neurons -> NEURONS;
        };
        BrickId brick = BrickId.parse(id);
        Path target = folder != null ? folder : Path.of(brick.name());
        if (Files.exists(target) && (!Files.isDirectory(target) || !isEmpty(target))) {
            throw new BrickConflictException(target + " already exists and is not empty; choose another folder with -o");
        }
        String author = authors != null && !authors.isEmpty() ? null : System.getProperty("user.name", "unknown");
        List<String> authorList = author == null ? authors : List.of(author);
        String text = description != null && !description.isBlank() ? description.strip() : template.description();
        boolean created = !Files.exists(target);
        List<Path> written = new ArrayList<>();
        try {
            Files.createDirectories(target.resolve("data"));
            written.add(Files.write(target.resolve("brick.json"), manifest(brick, text, template.tags(),
                    authorList)));
            written.add(Files.writeString(target.resolve("README.md"), card(brick, text, template)));
            for (Sample sample : template.samples()) {
                try (InputStream data = NewCommand.class.getResourceAsStream(sample.resource())) {
                    written.add(Files.write(target.resolve("data").resolve(sample.dataFile()), data.readAllBytes()));
                }
            }
        } catch (IOException e) {
            if (created) {
                delete(target);
            }
            throw e;
        }
        if (json.json()) {
            json.print(new Created(brick.toString(), FIRST_VERSION, kind.name(), target.toString(),
                    written.stream().map(Path::toString).toList()));
            return 0;
        }
        PrintWriter out = spec.commandLine().getOut();
        out.printf("created %s in %s%n", brick, target);
        written.forEach(file -> out.printf("  %s%n", file));
        Path data = target.resolve("data");
        switch (kind) {
            case adapter -> {
                out.printf("next: replace the sample pairs and control pairs with your own, then%n");
                out.printf("  brick fit adapter --pairs %s --controls %s --out %s%n", data.resolve("pairs.tsv"),
                        data.resolve("controls.tsv"), target);
            }
            case neurons -> {
                out.printf("next: replace the sample texts and contrast texts with your own, then%n");
                out.printf("  brick neurons find --texts %s --contrast %s --out %s%n", data.resolve("texts.txt"),
                        data.resolve("contrast.txt"), target);
            }
            case knowledge -> {
                out.printf("next: replace the sample data with your own facts, then%n");
                out.printf("  brick train knowledge --data %s --out %s%n", data.resolve("facts.tsv"), target);
            }
            case head -> {
                out.printf("next: replace the sample data with your own labelled text, then%n");
                out.printf("  brick train head --data %s --out %s%n", data.resolve("train.tsv"), target);
            }
        }
        out.printf("  brick pack %s%n", target);
        out.printf("  brick publish %s%n", target);
        return 0;
    }

    /**
     * What {@code --json} prints: the new brick's id, version and kind, the folder made (the brick folder that the
     * trainers write into and {@code pack} takes) and every file written.
     */
    record Created(String id, String version, String kind, String folder, List<String> files) {
    }

    private byte[] manifest(BrickId brick, String text, List<String> tags, List<String> authorList)
            throws IOException {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("id", brick.toString());
        fields.put("version", FIRST_VERSION);
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

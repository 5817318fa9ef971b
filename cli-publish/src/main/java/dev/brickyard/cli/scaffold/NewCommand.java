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
 * An adapter's folder keeps its data next to the brick folder that {@code brick fit adapter --out brick} writes:
 * <pre>
 * NAME/
 * ├── README.md           how to fit and pack the adapter
 * ├── brick/brick.json    the author's part of the manifest, kind adapter
 * ├── brick/README.md     the card template
 * ├── data/pairs.tsv      sample pairs (text TAB target) to replace with your own
 * └── data/controls.tsv   sample control pairs (sentence TAB sentence)
 * </pre>
 * A neuron brick's folder ({@code --kind neurons}) has the same layout, for {@code brick neurons find --out brick},
 * with {@code data/texts.txt} and {@code data/contrast.txt}: sample texts, one per line.
 */
@Command(name = "new", mixinStandardHelpOptions = true,
        description = {"Create a brick folder to start from: brick.json, a card template and sample data.",
                "Then: brick train head --data NAME/data/train.tsv --out NAME (or brick train knowledge --data "
                        + "NAME/data/facts.tsv --out NAME), and brick pack NAME. An adapter (--kind adapter): in "
                        + "NAME, brick fit adapter --pairs data/pairs.tsv --controls data/controls.tsv --out brick, "
                        + "and brick pack brick. A neuron brick (--kind neurons): in NAME, brick neurons find --texts "
                        + "data/texts.txt --contrast data/contrast.txt --out brick, and brick pack brick."})
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
     * @param brickFolder where brick.json and the card go, relative to the folder ("" for the folder itself)
     * @param cardSections the card's sections for the author, after the title and description
     */
    private record Template(String description, List<String> tags, List<Sample> samples, String brickFolder,
                            String cardSections) {
    }

    private static final Template HEAD = new Template("Says whether a support message is urgent or routine.",
            List.of("support", "urgency"), List.of(new Sample("head-train.tsv", "train.tsv")), "", """
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
            List.of("faq", "support"), List.of(new Sample("knowledge-facts.tsv", "facts.tsv")), "", """
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
            "brick", """
            ## Intended use

            Which texts use the terms this adapter teaches, which bricks should read the adapted embedding, and \
            what it must not be used for. `brick fit adapter` keeps this section and the ones below, and writes \
            the front matter, the evaluation and the training sections itself.

            ## Data

            Where the pairs in `data/pairs.tsv` and the control sentences in `data/controls.tsv` come from, who \
            wrote them, and their licence.

            ## Limitations

            Terms, languages and kinds of text the pairs do not cover. The adapter was checked on the control \
            sentences only: text far from them may move more.
            """);

    private static final Template NEURONS = new Template(
            "Silences FFN neurons of the base model that respond to negation (not, never, no).",
            List.of("negation", "neurons"),
            List.of(new Sample("neurons-texts.txt", "texts.txt"), new Sample("neurons-contrast.txt", "contrast.txt")),
            "brick", """
            ## Intended use

            What the neurons are probed or silenced for, and which bricks should read the changed embedding. \
            `brick neurons find` keeps this section and the ones below, and writes the front matter and the \
            neurons, effect and finding sections itself.

            ## Source of the texts

            Where the texts in `data/texts.txt` and `data/contrast.txt` come from, who wrote them, and their \
            licence.

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
        Path brickFolder = target.resolve(template.brickFolder());
        List<Path> written = new ArrayList<>();
        try {
            Files.createDirectories(target.resolve("data"));
            Files.createDirectories(brickFolder);
            String guide = switch (kind) {
                case adapter -> adapterGuide(brick);
                case neurons -> neuronsGuide(brick);
                case head, knowledge -> null;
            };
            if (guide != null) {
                written.add(Files.writeString(target.resolve("README.md"), guide));
            }
            written.add(Files.write(brickFolder.resolve("brick.json"), manifest(brick, text, template.tags(),
                    authorList)));
            written.add(Files.writeString(brickFolder.resolve("README.md"), card(brick, text, template)));
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
            json.print(new Created(brick.toString(), FIRST_VERSION, kind.name(), target.toString(), brickFolder.toString(),
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
                        data.resolve("controls.tsv"), brickFolder);
            }
            case neurons -> {
                out.printf("next: replace the sample texts and contrast texts with your own, then%n");
                out.printf("  brick neurons find --texts %s --contrast %s --out %s%n", data.resolve("texts.txt"),
                        data.resolve("contrast.txt"), brickFolder);
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
        out.printf("  brick pack %s%n", brickFolder);
        out.printf("  brick publish %s%n", brickFolder);
        return 0;
    }

    /**
     * What {@code --json} prints: the new brick's id, version and kind, the folder made, the brick folder inside it
     * (which {@code pack} takes) and every file written.
     */
    record Created(String id, String version, String kind, String folder, String brickFolder, List<String> files) {
    }

    /** The adapter folder's README: what the files are for, and how to fit and pack the brick. */
    private static String adapterGuide(BrickId brick) {
        return "# " + brick + "\n\n"
                + "This folder makes the adapter brick `" + brick + "`: a low-rank (LoRA) change to the base model "
                + "that moves the embedding of texts using your terms toward the embedding of what the terms mean, "
                + "while everyday text stays where it was.\n\n"
                + "- `data/pairs.tsv`: one `text<TAB>target` per line. The text uses a term; the target says in plain "
                + "words what the term means. Give each term several texts (about six) with the same target, and "
                + "at least two terms. Lines starting with `#` are comments.\n"
                + "- `data/controls.tsv`: one `sentence<TAB>sentence` per line of everyday text that has nothing to "
                + "do with the terms: paraphrases and unrelated pairs, thirty or more. The adapter must leave them "
                + "alone.\n"
                + "- `brick/brick.json` and `brick/README.md`: the brick's metadata and card. The fit keeps both "
                + "and adds the weights, the measured results and the training section.\n\n"
                + "Replace the sample data with your own, then fit and pack, in this folder:\n\n"
                + "```\n"
                + "brick fit adapter --pairs data/pairs.tsv --controls data/controls.tsv --out brick --id " + brick
                + "\n"
                + "brick pack brick\n"
                + "```\n\n"
                + "`brick fit adapter` holds a quarter of each term's texts and of the control pairs out, and "
                + "reports the held-out similarity and recall@1 before and after, and how far the held-out control "
                + "sentences moved. If they move more than the bound (`--max-control-shift`, 0.05 by default), it "
                + "writes nothing and exits with 1: add control pairs, raise `--ridge`, or lower `--strength` or "
                + "`--rank`. `brick publish brick` publishes the packed brick.\n";
    }

    /** The neuron brick folder's README: what the files are for, and how to find the neurons and pack the brick. */
    private static String neuronsGuide(BrickId brick) {
        return "# " + brick + "\n\n"
                + "This folder makes the neuron brick `" + brick + "`: a set of FFN neurons of the base model that "
                + "fire more on your texts than on contrast texts, applied as a mask (silenced with `--mode ablate`, "
                + "or the only ones kept in their layers with `--mode keep-only`). It has no weights.\n\n"
                + "- `data/texts.txt`: one text per line that shows the feature the neurons should respond to. "
                + "Lines starting with `#` are comments.\n"
                + "- `data/contrast.txt`: one text per line that lacks the feature but is otherwise alike (the same "
                + "topics and length). Each file needs at least two texts; a few dozen give steadier neurons.\n"
                + "- `brick/brick.json` and `brick/README.md`: the brick's metadata and card. The search keeps both "
                + "and adds the neurons, the measured effect and how they were found.\n\n"
                + "Replace the sample texts with your own, then find the neurons and pack, in this folder:\n\n"
                + "```\n"
                + "brick neurons find --texts data/texts.txt --contrast data/contrast.txt --out brick --top 32\n"
                + "brick pack brick\n"
                + "```\n\n"
                + "`brick neurons find` scores every neuron of layers 0-5 (`--layers`) by how much more it fires on "
                + "the texts, keeps the `--top` best, and writes in the card how far the mask moves the embeddings "
                + "of the texts and of the contrast texts: the texts should move more. `brick publish brick` "
                + "publishes the packed brick.\n";
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

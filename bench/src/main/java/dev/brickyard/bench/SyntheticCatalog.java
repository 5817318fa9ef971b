package dev.brickyard.bench;

import dev.brickyard.api.kind.BrickKind;
import dev.brickyard.api.kind.BrickOrigin;
import dev.brickyard.api.kind.Granularity;
import dev.brickyard.api.manifest.BaseModelRef;
import dev.brickyard.api.manifest.BrickHeaders;
import dev.brickyard.api.manifest.BrickManifest;
import dev.brickyard.api.manifest.ManifestJson;
import dev.brickyard.api.version.BrickId;
import dev.brickyard.api.version.SemVer;
import dev.brickyard.base.BaseModel;
import dev.brickyard.base.BaseModelVariant;
import dev.brickyard.base.onnx.HeadGraph;
import dev.brickyard.registry.store.VersionRecord;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * A made-up but plausible registry catalogue for the registry benchmark: head bricks for text classification tasks
 * over domains and languages, with descriptions, tags, labels, cards, manifests and OSGi headers shaped like those of
 * packed bricks, and search queries phrased the way users type them (some with no good answer). Everything is drawn
 * from word lists with a seeded {@link Random}, so every run sees the same catalogue.
 */
final class SyntheticCatalog {
    /** A classification task: its name in ids and tags, how people say it, and its labels. */
    private record Task(String slug, String phrase, List<String> labels) {
    }

    /** What the texts are: its name in ids and tags, and how people say it. */
    private record Domain(String slug, String phrase) {
    }

    private record Language(String code, String name) {
    }

    /** One brick of the catalogue; its versions share everything but the version. */
    record BrickSpec(BrickId id, String description, List<String> tags, List<String> labels, String card) {
    }

    private static final List<Task> TASKS = List.of(
            new Task("sentiment", "sentiment", List.of("positive", "negative", "neutral")),
            new Task("toxicity", "toxicity", List.of("toxic", "insult", "threat", "clean")),
            new Task("spam", "spam detection", List.of("spam", "ham")),
            new Task("intent", "customer intent", List.of("billing", "shipping", "returns", "account", "technical")),
            new Task("topic", "topic", List.of("sports", "business", "politics", "science-tech", "culture")),
            new Task("emotion", "emotion", List.of("joy", "sadness", "anger", "fear", "surprise")),
            new Task("urgency", "urgency", List.of("low", "medium", "high", "critical")),
            new Task("register", "formality", List.of("formal", "informal")),
            new Task("fraud", "fraud detection", List.of("fraudulent", "legitimate")),
            new Task("sarcasm", "sarcasm", List.of("sarcastic", "sincere")),
            new Task("stance", "stance", List.of("favor", "against", "neutral")),
            new Task("product-category", "product category", List.of("electronics", "clothing", "groceries", "toys",
                    "books")),
            new Task("feedback-type", "feedback type", List.of("complaint", "praise", "question", "suggestion")),
            new Task("phishing", "phishing detection", List.of("phishing", "safe")),
            new Task("hate-speech", "hate speech", List.of("hateful", "offensive", "neither")),
            new Task("readability", "reading level", List.of("easy", "intermediate", "hard")),
            new Task("specialty", "medical specialty", List.of("cardiology", "neurology", "oncology", "pediatrics",
                    "dermatology")),
            new Task("clause-type", "contract clause type", List.of("indemnity", "termination", "liability",
                    "confidentiality", "payment")),
            new Task("seniority", "seniority", List.of("junior", "mid-level", "senior", "lead")),
            new Task("bias", "political bias", List.of("left", "center", "right")),
            new Task("question-type", "question type", List.of("factual", "opinion", "how-to", "yes-no")),
            new Task("severity", "bug severity", List.of("blocker", "major", "minor", "trivial")),
            new Task("helpfulness", "helpfulness", List.of("helpful", "unhelpful")),
            new Task("language-id", "language identification", List.of("english", "german", "french", "spanish",
                    "italian")));

    private static final List<Domain> DOMAINS = List.of(
            new Domain("reviews", "product reviews"), new Domain("tickets", "support tickets"),
            new Domain("tweets", "tweets"), new Domain("headlines", "news headlines"), new Domain("emails", "emails"),
            new Domain("chat", "chat messages"), new Domain("contracts", "legal contracts"),
            new Domain("clinical", "clinical notes"), new Domain("forum", "forum posts"),
            new Domain("comments", "video comments"), new Domain("abstracts", "scientific abstracts"),
            new Domain("filings", "financial filings"), new Domain("jobs", "job postings"),
            new Domain("bugs", "bug reports"), new Domain("restaurants", "restaurant reviews"),
            new Domain("apps", "app store reviews"), new Domain("sms", "SMS messages"),
            new Domain("calls", "call transcripts"), new Domain("surveys", "survey answers"),
            new Domain("listings", "real estate listings"));

    private static final List<Language> LANGUAGES = List.of(
            new Language("en", "English"), new Language("de", "German"), new Language("fr", "French"),
            new Language("es", "Spanish"), new Language("it", "Italian"), new Language("pt", "Portuguese"),
            new Language("nl", "Dutch"), new Language("pl", "Polish"), new Language("sv", "Swedish"),
            new Language("multi", "multilingual"));

    private static final List<String> VERBS = List.of("Classifies", "Detects", "Sorts", "Flags", "Labels", "Routes",
            "Scores", "Tags");
    private static final List<String> QUALIFIERS = List.of("short", "noisy", "informal", "long", "domain-specific",
            "code-mixed", "emoji-heavy", "transcribed", "hand-checked", "recent");
    private static final List<String> SOURCES = List.of("public datasets", "an internal helpdesk",
            "crowd-sourced annotations", "a retail partner", "open government data", "community moderators",
            "a hospital network", "a newsroom archive", "customer surveys", "a bug tracker");
    private static final List<String> EXTRAS = List.of("Tuned for low latency on a single CPU core.",
            "Calibrated so that probabilities can be thresholded directly.",
            "Meant as a first filter before human review.", "Handles typos and slang reasonably well.",
            "Not suited to texts longer than a few paragraphs.", "Replaces an older keyword-based filter.", "", "");
    private static final List<String> ORG_FIRST = List.of("acme", "north", "blue", "open", "deep", "quiet", "rapid",
            "civic", "polar", "amber", "iron", "nova", "lumen", "delta", "cedar", "orbit", "pixel", "river", "terra",
            "vector");
    private static final List<String> ORG_SECOND = List.of("labs", "ai", "nlp", "data", "research", "works", "systems",
            "analytics", "group", "collective", "studio", "institute", "ml", "text", "models");
    private static final List<String> VARIANTS = List.of("small", "large", "fast", "v2", "v3", "distilled", "strict",
            "lenient");
    /** Things people search for that the catalogue has no brick for, so some queries match little or nothing. */
    private static final List<String> UNSERVED = List.of("named entity recognition", "summarization",
            "keyword extraction", "question answering", "image captions", "speech to text", "translation",
            "address parsing", "date normalisation", "table extraction");

    private final Random random;

    SyntheticCatalog(long seed) {
        this.random = new Random(seed);
    }

    /** {@code count} bricks with distinct ids, spread over 300 namespaces. */
    List<BrickSpec> bricks(int count) {
        Set<BrickId> ids = new LinkedHashSet<>();
        List<BrickSpec> bricks = new ArrayList<>(count);
        while (bricks.size() < count) {
            Task task = pick(TASKS);
            Domain domain = pick(DOMAINS);
            Language language = pick(LANGUAGES);
            String namespace = pick(ORG_FIRST) + "-" + pick(ORG_SECOND);
            String name = task.slug() + "-" + domain.slug() + (random.nextInt(3) == 0 ? "" : "-" + language.code())
                    + (random.nextInt(4) == 0 ? "-" + pick(VARIANTS) : "");
            BrickId id = new BrickId(namespace, name);
            if (!ids.add(id)) {
                continue;
            }
            List<String> labels = task.labels();
            String qualifier = pick(QUALIFIERS);
            String description = pick(VERBS) + " " + (language.code().equals("en") ? "" : language.name() + " ")
                    + domain.phrase() + " by " + task.phrase() + " (" + String.join(", ", labels) + "). Trained on "
                    + (500 + random.nextInt(50_000)) + " " + qualifier + " examples from " + pick(SOURCES) + ". "
                    + pick(EXTRAS);
            List<String> tags = new ArrayList<>(List.of(task.slug(), domain.slug(), language.code()));
            if (random.nextBoolean()) {
                tags.add(qualifier);
            }
            bricks.add(new BrickSpec(id, description.strip(), tags, labels, card(id, description.strip(), labels)));
        }
        return bricks;
    }

    /** {@code count} distinct queries, in random order. */
    List<String> queries(int count) {
        Set<String> queries = new LinkedHashSet<>();
        while (queries.size() < count) {
            Task task = pick(TASKS);
            Domain domain = pick(DOMAINS);
            String label = pick(task.labels());
            String language = pick(LANGUAGES).name().toLowerCase(Locale.ROOT);
            String query = switch (random.nextInt(10)) {
                case 0 -> task.phrase();
                case 1 -> task.phrase() + " " + domain.phrase();
                case 2 -> label + " " + domain.phrase();
                case 3 -> language + " " + task.phrase();
                case 4 -> "detect " + label + " " + domain.phrase();
                case 5 -> "classify " + domain.phrase() + " by " + task.phrase();
                case 6 -> task.phrase() + " for " + language + " " + domain.phrase();
                case 7 -> "which " + domain.phrase() + " are " + label;
                case 8 -> pick(UNSERVED) + " " + domain.phrase();
                default -> pick(QUALIFIERS) + " " + domain.phrase() + " " + label;
            };
            queries.add(query);
        }
        List<String> shuffled = new ArrayList<>(queries);
        java.util.Collections.shuffle(shuffled, random);
        return shuffled;
    }

    /** A unit vector in a random direction, standing in for an embedding the benchmark did not compute. */
    float[] randomUnitVector() {
        return unitVector(random);
    }

    static float[] unitVector(Random random) {
        float[] vector = new float[BaseModel.DIM];
        double norm = 0;
        for (int i = 0; i < vector.length; i++) {
            vector[i] = (float) random.nextGaussian();
            norm += vector[i] * vector[i];
        }
        for (int i = 0; i < vector.length; i++) {
            vector[i] /= (float) Math.sqrt(norm);
        }
        return vector;
    }

    /**
     * One stored version of a brick, with the manifest, card and OSGi headers a packed bundle of it would carry; the
     * digest and size name a bundle that really is in the blob store.
     */
    static VersionRecord version(BrickSpec brick, SemVer version, float[] embedding, String digest, long size,
                                 Instant publishedAt, String publishedBy) {
        BrickManifest manifest = manifest(brick.id().toString(), version.toString(), brick.description(),
                brick.tags(), brick.labels(), embedding);
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Manifest-Version", "1.0");
        headers.put("Bundle-ManifestVersion", "2");
        headers.put("Bundle-SymbolicName", brick.id().symbolicName());
        headers.put("Bundle-Version", version.toOsgiVersion());
        headers.put("Bundle-Name", brick.id().toString());
        headers.put("Bundle-Description", brick.description());
        headers.put("Bundle-License", manifest.license());
        headers.put(BrickHeaders.BRICK_MANIFEST, BrickHeaders.MANIFEST_PATH);
        headers.put("Provide-Capability", BrickHeaders.provideCapability(manifest));
        headers.put("Require-Capability", BrickHeaders.requireBase(manifest.base()));
        return new VersionRecord(brick.id(), version, BrickKind.HEAD, BrickOrigin.CUSTOMIZED, BaseModel.NAME,
                brick.description(), brick.tags(), brick.labels(),
                new String(ManifestJson.write(manifest), StandardCharsets.UTF_8), brick.card(), headers, embedding,
                digest, size, false, null, 0, publishedAt, publishedBy);
    }

    /** A valid head manifest for the real base model, with the given routing key (empty for none). */
    static BrickManifest manifest(String id, String version, String description, List<String> tags,
                                  List<String> labels, float[] routingKey) {
        return new BrickManifest(BrickManifest.SCHEMA_VERSION, id, version, BrickKind.HEAD, BrickOrigin.CUSTOMIZED,
                Granularity.MODULE, description, tags, labels, HeadGraph.signature(BaseModel.DIM, labels.size()),
                routingKey, Map.of("heldout_accuracy", 0.91), "Apache-2.0", List.of("Brickyard benchmark"),
                new BaseModelRef(BaseModel.NAME, BaseModel.DIM, BaseModelVariant.FP32.digest()), List.of("head.onnx"));
    }

    /** A brick card like {@code brick train head} writes: front matter, description, labels, evaluation. */
    static String card(BrickId id, String description, List<String> labels) {
        StringBuilder card = new StringBuilder()
                .append("---\nid: ").append(id).append("\nkind: head\norigin: customized\nlicense: \"Apache-2.0\"\n")
                .append("base_model: ").append(BaseModel.NAME).append("\n---\n\n# ").append(id).append("\n\n")
                .append(description).append("\n\nA head brick for ").append(BaseModel.NAME)
                .append(": it reads the pooled, normalised 384-wide sentence embedding and gives a probability for "
                        + "each of ").append(labels.size())
                .append(" labels.\n\n## Evaluation\n\n| label | F1 |\n|---|---|\n");
        labels.forEach(label -> card.append("| ").append(label).append(" | 0.9 |\n"));
        return card.toString();
    }

    private <T> T pick(List<T> items) {
        return items.get(random.nextInt(items.size()));
    }
}

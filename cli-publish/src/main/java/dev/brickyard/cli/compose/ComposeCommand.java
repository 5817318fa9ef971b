package dev.brickyard.cli.compose;

import dev.brickyard.api.BrickNotFoundException;
import dev.brickyard.api.MalformedBrickException;
import dev.brickyard.api.manifest.BrickManifest;
import dev.brickyard.api.manifest.CompositeRecipe;
import dev.brickyard.api.manifest.CompositeRecipeJson;
import dev.brickyard.api.manifest.ManifestJson;
import dev.brickyard.api.version.BrickId;
import dev.brickyard.api.version.SemVer;
import dev.brickyard.api.version.VersionRange;
import dev.brickyard.cli.UsageException;
import dev.brickyard.cli.output.OutputOptions;
import dev.brickyard.cli.remote.RegistryOptions;
import dev.brickyard.cli.train.DescriptionOptions;
import dev.brickyard.http.client.RegistryClient;
import dev.brickyard.http.registry.ResolvedVersion;
import dev.brickyard.http.registry.VersionDetail;
import dev.brickyard.tools.card.BrickMetadata;
import dev.brickyard.tools.compose.ComponentArgument;
import dev.brickyard.tools.compose.CompositeCard;
import dev.brickyard.tools.compose.Composition;
import dev.brickyard.tools.pack.BrickFolder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code brick compose NS/NAME --component REF...}: asks the registry what each component is (its newest version in
 * the range: labels, base model, routing key) and writes a composite brick folder that {@code brick pack} and
 * {@code brick publish} take as they take a trained one.
 */
@Command(name = "compose",
        description = {"Make a composite brick: it requires other bricks (installing it installs them) and answers "
                + "with the weighted average of their probabilities over the labels they share.",
                "Each --component is ns/name[@range][=weight], e.g. acme/sentiment@^1.2=2; without a range the "
                        + "composite requires ^ of the newest version, without a weight the weight is 1. The "
                        + "components must be heads (or composites) with the same labels, for the same base model.",
                "Writes DIR/brick.json, DIR/recipe.json and DIR/README.md (keeping the author's own sections of "
                        + "the card). Metadata not given as options is taken from an existing brick.json in DIR."})
public final class ComposeCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "NS/NAME", description = "The composite's id, e.g. acme/mood.")
    String id;

    @Option(names = "--component", required = true, paramLabel = "REF",
            description = "A component, ns/name[@range][=weight]; repeat for each ("
                    + CompositeRecipeJson.MIN_COMPONENTS + " to " + CompositeRecipeJson.MAX_COMPONENTS + ").")
    List<String> components = new ArrayList<>();

    @Option(names = {"-o", "--out"}, required = true, paramLabel = "DIR", description = "Brick folder to write.")
    Path out;

    @Mixin
    DescriptionOptions description;

    @Mixin
    RegistryOptions registry;

    @Mixin
    OutputOptions output;

    /** The {@code --json} answer. */
    record Composed(String id, String version, String folder, List<ComposedComponent> components) {
    }

    /** One component in the {@code --json} answer; {@code newest} is the version the registry resolved. */
    record ComposedComponent(String brick, String range, double weight, String newest) {
    }

    @Override
    public Integer call() throws Exception {
        if (!BrickId.isValid(id)) {
            throw new UsageException("'" + id + "' is not namespace/name in lower-case letters, digits, hyphens");
        }
        List<ComponentArgument> arguments = new ArrayList<>();
        for (String component : components) {
            arguments.add(ComponentArgument.parse(component));
        }
        BrickMetadata metadata = BrickMetadata.fromFolder(out)
                .overriddenBy(description.of(id))
                .requireComplete();
        RegistryClient client = registry.client(output);
        List<Composition.Component> found = new ArrayList<>();
        for (ComponentArgument argument : arguments) {
            found.add(lookUp(client, argument));
        }
        Composition.Result composite = Composition.of(metadata, found);
        byte[] recipe = CompositeRecipeJson.write(composite.recipe());
        try {
            CompositeRecipeJson.read(recipe, composite.manifest().brickId());
        } catch (MalformedBrickException e) {
            throw new UsageException("the components would make an invalid recipe.json: " + e.getMessage());
        }
        BrickFolder.write(out, composite.manifest(), Map.of(CompositeRecipe.FILE, recipe),
                CompositeCard.of(composite.manifest(), found), CompositeCard.RUN_SECTIONS);
        if (output.json()) {
            output.printJson(new Composed(composite.manifest().id(), composite.manifest().version(), out.toString(),
                    found.stream().map(c -> new ComposedComponent(c.brick().toString(), c.range().toString(),
                            c.weight(), c.manifest().version())).toList()));
        } else {
            output.result("composed %s@%s of %d components: %s", composite.manifest().id(),
                    composite.manifest().version(), found.size(), found.stream()
                            .map(c -> c.brick() + "@" + c.range() + "=" + c.weight()).toList());
            output.result("wrote %s", out.resolve("brick.json"));
        }
        return 0;
    }

    /**
     * The newest version of a component in its range (any version when none is given, then required as
     * {@code ^newest}; for a dist-tag the version it points at, required as {@code ^that}) and its manifest.
     */
    private Composition.Component lookUp(RegistryClient client, ComponentArgument argument) throws Exception {
        String reference = argument.brick() + argument.range().map(range -> "@" + range)
                .or(() -> argument.tag().map(tag -> "@" + tag)).orElse("");
        ResolvedVersion resolved;
        VersionDetail detail;
        try {
            resolved = client.resolve(reference, null);
            detail = client.version(argument.brick(), SemVer.parse(resolved.version()));
        } catch (BrickNotFoundException e) {
            throw new BrickNotFoundException("component " + reference + ": " + e.getMessage());
        }
        if (resolved.yanked()) {
            output.note("warning: component %s@%s is yanked; composed because the exact version was asked for",
                    resolved.id(), resolved.version());
        }
        BrickManifest manifest = ManifestJson.read(RegistryClient.JSON.writeValueAsBytes(detail.manifest()));
        VersionRange range = argument.range().orElse(VersionRange.parse("^" + resolved.version()));
        return new Composition.Component(argument.brick(), range, argument.weight(), manifest);
    }
}

package dev.brickyard.cli.train;

import dev.brickyard.base.BaseModel;
import dev.brickyard.cli.Invocation;
import dev.brickyard.cli.output.FolderWritten;
import dev.brickyard.cli.output.JsonOption;
import dev.brickyard.tools.card.BrickCard;
import dev.brickyard.tools.card.BrickMetadata;
import dev.brickyard.tools.data.FactsTsv;
import dev.brickyard.tools.pack.BrickFolder;
import dev.brickyard.tools.pack.ProvenanceStatement.Material;
import dev.brickyard.tools.pack.ProvenanceStatement;
import dev.brickyard.tools.train.KnowledgeTraining;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code brick train knowledge}: facts in, a knowledge brick folder (brick.json, README.md, keys.onnx,
 * values.jsonl) out. Run it again with more facts and a new version to make the next version of the brick.
 */
@Command(name = "knowledge",
        description = {"Build a knowledge brick: each fact's key is embedded with the base model, its value kept as "
                + "text or JSON; the brick answers an input with the facts whose keys are closest in meaning.",
                "DATA is UTF-8, one 'key<TAB>value' per line; a value that parses as a JSON object, array or string "
                        + "is kept as JSON. Keys must not repeat. Metadata not given as options is taken from an "
                        + "existing brick.json in the output folder."})
public final class TrainKnowledgeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;


    @Option(names = "--data", required = true, paramLabel = "TSV", description = "The facts.")
    Path data;

    @Option(names = {"-o", "--out"}, required = true, paramLabel = "DIR", description = "Brick folder to write.")
    Path out;

    @Mixin
    JsonOption json;

    @Mixin
    MetadataOptions metadataOptions;

    @Override
    public Integer call() throws Exception {
        BrickMetadata metadata = metadataOptions.resolve(out);
        KnowledgeTraining.Plan plan = new KnowledgeTraining.Plan(metadata, FactsTsv.read(data), data.toString());
        KnowledgeTraining.Result result;
        try (BaseModel baseModel = BaseModel.load()) {
            result = KnowledgeTraining.train(baseModel, plan);
        }
        BrickFolder.write(out, result.manifest(), result.weights(), result.card(), BrickCard.KNOWLEDGE_RUN_SECTIONS);
        ProvenanceStatement.write(out, result.manifest(), Invocation.commandLine(spec),
                List.of(Material.file(data)));
        if (json.json()) {
            json.print(FolderWritten.of(result.manifest(), out, Map.of("facts", plan.facts().size())));
            return 0;
        }
        PrintWriter printer = spec.commandLine().getOut();
        printer.printf(Locale.ROOT, "built %s@%s: %d facts%n", result.manifest().id(), result.manifest().version(),
                plan.facts().size());
        printer.printf("wrote %s%n", out.resolve("brick.json"));
        return 0;
    }
}

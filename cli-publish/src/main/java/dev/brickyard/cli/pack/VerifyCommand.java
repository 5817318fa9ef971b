package dev.brickyard.cli.pack;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.brickyard.api.BrickException;
import dev.brickyard.api.MalformedBrickException;
import dev.brickyard.api.manifest.Violation;
import dev.brickyard.base.sign.BrickSignature;
import dev.brickyard.base.verify.BrickVerifier;
import dev.brickyard.base.verify.VerifiedBrick;
import dev.brickyard.cli.ExitCode;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code brick verify JAR}: every check a host or registry makes, with every problem listed. */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = {"Check a brick bundle: zip structure, OSGi headers against brick.json, the brick.json "
                + "schema, the card, and that the weights load in ONNX Runtime with the declared shapes.",
                "Also checks the brick was built for this installation's base model."})
public final class VerifyCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "JAR", description = "The bundle to check.")
    Path archive;

    @Option(names = "--json", description = "Print the result as JSON.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        if (!Files.isRegularFile(archive)) {
            throw new NoSuchFileException(archive + ": no such file");
        }
        PrintWriter out = spec.commandLine().getOut();
        VerifiedBrick brick;
        BrickSignature signature;
        try {
            brick = new BrickVerifier().verify(archive);
            BrickVerifier.requireKnownBase(brick.manifest());
            signature = brick.signature().require();
        } catch (BrickException e) {
            if (!json) {
                throw e;
            }
            List<Violation> violations = e instanceof MalformedBrickException malformed
                    && !malformed.violations().isEmpty() ? malformed.violations()
                    : List.of(new Violation(archive.toString(), e.getMessage()));
            Map<String, Object> report = new LinkedHashMap<>();
            report.put("valid", false);
            report.put("problems", violations.stream().map(VerifyCommand::problem).toList());
            out.println(writer().writeValueAsString(report));
            return ExitCode.of(e).code();
        }
        if (json) {
            Map<String, Object> report = new LinkedHashMap<>();
            report.put("valid", true);
            report.put("id", brick.manifest().id());
            report.put("version", brick.manifest().version());
            report.put("kind", brick.manifest().kind().jsonName());
            report.put("sha256", brick.sha256());
            report.put("size", brick.size());
            report.put("labels", brick.manifest().labels());
            report.put("signer", signature.signed() ? signature.signer().fingerprint() : null);
            out.println(writer().writeValueAsString(report));
        } else {
            out.printf("ok: %s@%s (%s, %d labels) %s%n", brick.manifest().id(), brick.manifest().version(),
                    brick.manifest().kind().jsonName(), brick.manifest().labels().size(), brick.sha256());
            if (brick.graph() != null) {
                out.printf("    weights load in ONNX Runtime: in %s, out %s%n", brick.graph().inputs(),
                        brick.graph().outputs());
            }
            out.printf("    %s%n", signature.signed() ? "signed by key " + signature.signer().fingerprint()
                    : "unsigned");
        }
        return 0;
    }

    private static Map<String, String> problem(Violation violation) {
        Map<String, String> problem = new LinkedHashMap<>();
        problem.put("path", violation.path());
        problem.put("message", violation.message());
        return problem;
    }

    private static com.fasterxml.jackson.databind.ObjectWriter writer() {
        return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writer();
    }
}

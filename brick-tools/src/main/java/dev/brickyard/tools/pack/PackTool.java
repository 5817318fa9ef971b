package dev.brickyard.tools.pack;

import dev.brickyard.api.BrickException;
import dev.brickyard.base.verify.VerifiedBrick;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Packs a brick folder from a build, without the {@code brick} command or any server: {@code java -cp ...
 * dev.brickyard.tools.pack.PackTool FOLDER OUTPUT-DIR}. The example bricks are packed with it during the Maven build,
 * by the same {@link BrickPacker} that {@code brick pack} runs.
 */
public final class PackTool {
    private PackTool() {
    }

    public static void main(String[] args) {
        if (args.length != 2) {
            System.err.println("usage: PackTool BRICK-FOLDER OUTPUT-DIR");
            System.exit(2);
        }
        try {
            Path folder = Path.of(args[0]);
            Path bundle = BrickPacker.defaultTarget(folder, Files.createDirectories(Path.of(args[1])));
            VerifiedBrick packed = new BrickPacker().pack(folder, bundle);
            System.out.println("packed " + packed.manifest().id() + "@" + packed.manifest().version() + " -> " + bundle);
        } catch (BrickException | IOException | RuntimeException e) {
            System.err.println("error: " + e.getMessage());
            System.exit(1);
        }
    }
}

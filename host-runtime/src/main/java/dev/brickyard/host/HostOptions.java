package dev.brickyard.host;

import dev.brickyard.base.BaseModelVariant;
import java.nio.file.Path;

/**
 * How to open a host.
 *
 * @param variant which build of the base model to run
 * @param storage folder for the OSGi bundle cache and kept archives; {@code null} for a temporary folder that is
 *                deleted when the host closes
 */
public record HostOptions(BaseModelVariant variant, Path storage) {
    /** Full-precision base model, temporary storage. */
    public static HostOptions defaults() {
        return new HostOptions(BaseModelVariant.FP32, null);
    }

    public HostOptions withVariant(BaseModelVariant newVariant) {
        return new HostOptions(newVariant, storage);
    }
}

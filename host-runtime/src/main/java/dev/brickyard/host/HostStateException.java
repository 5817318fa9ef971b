package dev.brickyard.host;

import dev.brickyard.api.BrickException;
import java.nio.file.Path;

/**
 * The state a host saved in its storage folder cannot be restored: the state file is unreadable, corrupt or of a
 * newer format, or a brick it names cannot be reinstalled from its kept bundle (missing, changed since it was kept,
 * or refused by this host). The host does not start, rather than start without the bricks it was asked to keep; the
 * message names the file and how to start over.
 */
public final class HostStateException extends BrickException {
    private static final long serialVersionUID = 1L;

    /**
     * @param stateFile the state file being restored
     * @param problem what is wrong, as a sentence without a final full stop
     */
    public HostStateException(Path stateFile, String problem, Throwable cause) {
        super(problem + ". The host did not start, so that no saved brick is lost. Repair the storage folder, or "
                + "move " + stateFile + " away to start with no bricks (the kept bundles in "
                + stateFile.resolveSibling(HostStorage.ARCHIVES) + " are then deleted; move that folder too to keep "
                + "them)", cause);
    }
}

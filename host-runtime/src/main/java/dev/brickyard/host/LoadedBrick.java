package dev.brickyard.host;

import dev.brickyard.api.Brick;

/**
 * A brick the host has claimed, with the number of live {@link BrickSet}s that contain it. It is closed when the
 * last of them is released: a brick swapped out or uninstalled keeps answering the requests that started before,
 * and its native memory is freed when the last of them ends.
 */
final class LoadedBrick {
    private final InstalledBrick info;
    private final Brick brick;
    private final java.util.Set<LoadedBrick> alive;
    private int sets;
    private boolean closed;

    /** @param alive the bricks {@link BrickBundles} loaded and has not closed yet; this one is in it until it closes */
    LoadedBrick(InstalledBrick info, Brick brick, java.util.Set<LoadedBrick> alive) {
        this.info = info;
        this.brick = brick;
        this.alive = alive;
        alive.add(this);
    }

    InstalledBrick info() {
        return info;
    }

    Brick brick() {
        return brick;
    }

    /** A new set contains this brick. */
    synchronized void retain() {
        if (closed) {
            throw new IllegalStateException(info + " is already closed");
        }
        sets++;
    }

    /** A set that contained this brick is gone; the last one closes it. */
    synchronized void release() {
        if (--sets == 0) {
            close();
        }
    }

    /** Closes now, whoever still refers to it (the host is closing, or the brick never served). */
    synchronized void close() {
        if (!closed) {
            closed = true;
            alive.remove(this);
            brick.close();
        }
    }
}

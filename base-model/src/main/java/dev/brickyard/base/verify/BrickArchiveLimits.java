package dev.brickyard.base.verify;

/**
 * Bounds that keep a hostile archive from exhausting memory or disk while it is checked.
 *
 * @param maxEntries most entries an archive may hold
 * @param maxEntryBytes most bytes one entry may inflate to
 * @param maxTotalBytes most bytes all entries together may inflate to
 * @param maxCompressionRatio most an entry may inflate relative to its compressed size (zip bombs go far past)
 */
public record BrickArchiveLimits(int maxEntries, long maxEntryBytes, long maxTotalBytes, int maxCompressionRatio) {
    /** Generous for real bricks (a head is KBs to MBs, adapters tens of MBs), tight for bombs. */
    public static final BrickArchiveLimits DEFAULT =
            new BrickArchiveLimits(1_000, 256L << 20, 512L << 20, 100);
}

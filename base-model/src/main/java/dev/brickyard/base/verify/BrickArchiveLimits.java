package dev.brickyard.base.verify;

/**
 * Bounds that keep a hostile archive from exhausting memory or disk while it is checked.
 *
 * @param maxEntries most entries an archive may hold
 * @param maxEntryBytes most bytes one entry may inflate to
 * @param maxTotalBytes most bytes all entries together may inflate to
 * @param maxCompressionRatio most an entry may inflate relative to its compressed size (zip bombs go far past)
 * @param maxFacts most facts (lines of its values file) a knowledge brick may hold
 * @param maxFactBytes most bytes one line of a knowledge brick's values file may have
 */
public record BrickArchiveLimits(int maxEntries, long maxEntryBytes, long maxTotalBytes, int maxCompressionRatio,
                                 int maxFacts, int maxFactBytes) {
    /**
     * Generous for real bricks (a head is KBs to MBs, adapters tens of MBs, 100,000 facts make a 154 MB key graph),
     * tight for bombs.
     */
    public static final BrickArchiveLimits DEFAULT =
            new BrickArchiveLimits(1_000, 256L << 20, 512L << 20, 100, 100_000, 64 * 1024);

    /** These limits with other bounds on the archive's size, the limits on facts unchanged. */
    public BrickArchiveLimits withSizes(long newMaxEntryBytes, long newMaxTotalBytes) {
        return new BrickArchiveLimits(maxEntries, newMaxEntryBytes, newMaxTotalBytes, maxCompressionRatio, maxFacts,
                maxFactBytes);
    }
}

/**
 * Benchmarks with a plain harness: contenders run interleaved in one process and results are printed as ratios
 * to an anchor measured in the same run, because absolute numbers on a shared 2-core machine are noise.
 */
package dev.brickyard.bench;

/**
 * Download counting that resists inflation: a download counts once per client, version and UTC day, clients named by
 * token or network address and stored only as salted hashes ({@link dev.brickyard.registry.download.DownloadCounter}).
 */
package dev.brickyard.registry.download;

/** Content-addressed storage of bundle bytes: staged, hashed, fsynced, then atomically moved into place. */
package dev.brickyard.registry.blob;

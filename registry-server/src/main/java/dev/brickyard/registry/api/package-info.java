/** What the HTTP API says: the JSON documents it returns and its problem+json error codes. */
package dev.brickyard.registry.api;

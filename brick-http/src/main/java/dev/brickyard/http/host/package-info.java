/** What the host's HTTP API says: the JSON documents it reads and returns, and its problem+json error codes. */
package dev.brickyard.http.host;

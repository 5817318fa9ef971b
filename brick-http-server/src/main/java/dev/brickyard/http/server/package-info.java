/**
 * What the registry and the host serve HTTP with: Jersey on the JDK's HTTP server with a settled shutdown, Jackson as
 * both APIs write it, and the base of the mapper that turns every exception into one problem document.
 */
package dev.brickyard.http.server;

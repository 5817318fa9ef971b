/**
 * Who may use a host: its bearer tokens ({@link dev.brickyard.host.access.HostTokens}, kept in a file the host rereads
 * when it changes) and the scopes they carry ({@link dev.brickyard.host.access.HostScope}).
 */
package dev.brickyard.host.access;

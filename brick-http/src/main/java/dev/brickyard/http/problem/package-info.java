/**
 * The one error body of both HTTP APIs: RFC 9457 problem documents and the interface of their stable error codes.
 */
package dev.brickyard.http.problem;

/**
 * The registry's web pages: server-rendered HTML to browse, search and read bricks, built from the same search
 * index and JSON documents as the API, with every user-supplied string escaped and no JavaScript.
 */
package dev.brickyard.registry.web;

/** Routing: which bricks an input needs, by the similarity of its embedding to each brick's routing key. */
package dev.brickyard.host.route;

/** What every authoring path writes beside the weights: brick.json metadata, the brick card, the routing key. */
package dev.brickyard.tools.card;

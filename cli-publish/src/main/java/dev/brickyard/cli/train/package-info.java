/**
 * {@code brick train}: turns labelled text into a head brick folder (brick.json, card, ONNX graph) by embedding
 * the text with the base model and fitting a multinomial logistic regression on the embeddings.
 */
package dev.brickyard.cli.train;

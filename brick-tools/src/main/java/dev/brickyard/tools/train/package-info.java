/**
 * {@code brick train}: turns data into a brick folder (brick.json, card, weights). A head is fitted by multinomial
 * logistic regression on base-model embeddings of labelled text; a knowledge brick embeds its facts' keys and keeps
 * their values.
 */
package dev.brickyard.tools.train;

/** Readers of the authors' data files: labelled texts, facts, adapter pairs, text lists (TSV, one item a line). */
package dev.brickyard.tools.data;

/**
 * The vocabularies of {@code brick.json} and the capability attributes: what a brick does (kind), where it
 * comes from (origin) and how much of the base model it covers (granularity).
 */
package dev.brickyard.api.kind;

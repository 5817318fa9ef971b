package dev.brickyard.http.registry;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * One page of a brick list.
 *
 * @param total how many bricks match in all
 * @param next the cursor of the next page (also in the {@code Link} header), or null on the last page
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SearchPage(List<BrickSummary> items, int total, String next) {
}

package dev.brickyard.cli.output;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Aligned columns for people: a bold header, then one row per item, each column as wide as its widest cell. The
 * last column is cut to the terminal's width when there is one, never when the output is piped.
 */
public final class Table {
    /** One cell: its text and how to highlight it. */
    public record Cell(String text, Style style) {
        public Cell {
            text = text == null ? "" : text.replaceAll("\\s+", " ").strip();
        }
    }

    private final List<String> headers;
    private final List<List<Cell>> rows = new ArrayList<>();

    public Table(String... headers) {
        this.headers = List.of(headers);
    }

    /** Adds a row of plain cells. */
    public Table row(String... cells) {
        return row(Arrays.stream(cells).map(text -> new Cell(text, Style.PLAIN)).toArray(Cell[]::new));
    }

    /** Adds a row. */
    public Table row(Cell... cells) {
        if (cells.length != headers.size()) {
            throw new IllegalArgumentException(cells.length + " cells for " + headers.size() + " columns");
        }
        rows.add(List.of(cells));
        return this;
    }

    public boolean isEmpty() {
        return rows.isEmpty();
    }

    /**
     * Prints the table.
     *
     * @param width the terminal's width to fit in, or 0 for no limit
     */
    public void print(PrintWriter out, boolean colours, int width) {
        int[] widths = new int[headers.size()];
        for (int column = 0; column < widths.length; column++) {
            widths[column] = headers.get(column).length();
            for (List<Cell> row : rows) {
                widths[column] = Math.max(widths[column], row.get(column).text().length());
            }
        }
        print(out, headers.stream().map(header -> new Cell(header, Style.BOLD)).toList(), widths, colours, width);
        for (List<Cell> row : rows) {
            print(out, row, widths, colours, width);
        }
        out.flush();
    }

    private static void print(PrintWriter out, List<Cell> row, int[] widths, boolean colours, int width) {
        StringBuilder line = new StringBuilder();
        int used = 0;
        for (int column = 0; column < row.size(); column++) {
            Cell cell = row.get(column);
            boolean last = column == row.size() - 1;
            String text = cell.text();
            if (last && width > 0 && used + text.length() > width) {
                int room = Math.max(8, width - used);
                text = text.length() > room ? text.substring(0, room - 1) + "…" : text;
            }
            line.append(cell.style().apply(text, colours));
            if (!last) {
                line.append(" ".repeat(widths[column] - text.length() + 2));
                used += widths[column] + 2;
            }
        }
        out.println(line.toString().stripTrailing());
    }
}

package dev.brickyard.http.server;

import java.time.Instant;
import java.util.logging.Formatter;
import java.util.logging.LogRecord;

/**
 * One log record per line in logfmt ({@code ts=... level=... logger=... msg="..."}), which log tools parse as
 * key/value pairs. Messages that already hold {@code key=value} pairs (request logs) stay searchable by key.
 */
public final class LogfmtFormatter extends Formatter {
    @Override
    public String format(LogRecord record) {
        StringBuilder line = new StringBuilder(160)
                .append("ts=").append(Instant.ofEpochMilli(record.getMillis()))
                .append(" level=").append(record.getLevel().getName().toLowerCase(java.util.Locale.ROOT))
                .append(" logger=").append(record.getLoggerName())
                .append(" msg=").append(quote(formatMessage(record)));
        if (record.getThrown() != null) {
            line.append(" error=").append(quote(String.valueOf(record.getThrown())));
            java.io.StringWriter trace = new java.io.StringWriter();
            record.getThrown().printStackTrace(new java.io.PrintWriter(trace));
            line.append(" trace=").append(quote(trace.toString()));
        }
        return line.append(System.lineSeparator()).toString();
    }

    private static String quote(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n").replace("\r", "") + "\"";
    }
}

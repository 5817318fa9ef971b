package dev.brickyard.http.client;

/** Told how far an upload or download has come; a terminal shows it as a bar, a pipe gets nothing. */
public interface TransferProgress extends AutoCloseable {
    /** Shows nothing. */
    TransferProgress SILENT = new TransferProgress() {
        @Override
        public void start(String task, long totalBytes) {
        }

        @Override
        public void advance(long bytes) {
        }

        @Override
        public void close() {
        }
    };

    /** A transfer of {@code totalBytes} (or -1 when unknown) begins. */
    void start(String task, long totalBytes);

    /** {@code bytes} more have been sent or received. */
    void advance(long bytes);

    /** The transfer ended, completed or not. */
    @Override
    void close();
}

package dev.brickyard.bench;

/**
 * The start-up anchor of {@link CliBenchmark}: a Java program that prints one line and exits, so the time to its
 * output is what the JVM itself takes to start on this machine.
 */
public final class OneLineProgram {
    private OneLineProgram() {
    }

    public static void main(String[] args) {
        System.out.println("started");
    }
}

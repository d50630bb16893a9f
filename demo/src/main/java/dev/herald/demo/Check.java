package dev.herald.demo;

/**
 * One promise of the test sequence, checked.
 *
 * @param name   what was promised
 * @param passed whether it was kept
 * @param detail what was seen, for the summary
 */
public record Check(String name, boolean passed, String detail) {
}

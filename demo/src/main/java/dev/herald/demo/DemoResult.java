package dev.herald.demo;

import java.util.List;
import java.util.Optional;

/**
 * How a run of the demo ended.
 *
 * @param outcome what happened
 * @param checks  the checks made, in order (none when aborted)
 * @param error   why the sequence could not run or stopped early, or null
 */
public record DemoResult(Outcome outcome, List<Check> checks, String error) {

    /** How the run ended. */
    public enum Outcome {
        /** The user answered N (or input ended) at the prompt. */
        ABORTED,
        /** The sequence ran and every check passed. */
        PASSED,
        /** The sequence ran, or stopped early, and a check failed. */
        FAILED,
        /** The broker could not be configured or started. */
        ERROR
    }

    public DemoResult {
        checks = List.copyOf(checks);
    }

    static DemoResult aborted() {
        return new DemoResult(Outcome.ABORTED, List.of(), null);
    }

    static DemoResult error(String why) {
        return new DemoResult(Outcome.ERROR, List.of(), why);
    }

    static DemoResult of(List<Check> checks, String stoppedBecause) {
        boolean passed = stoppedBecause == null && !checks.isEmpty() && checks.stream().allMatch(Check::passed);
        return new DemoResult(passed ? Outcome.PASSED : Outcome.FAILED, checks, stoppedBecause);
    }

    /** The process exit status: 0 when aborted or passed, 1 when a check failed, 2 when the broker could not run. */
    public int exitCode() {
        return switch (outcome) {
            case ABORTED, PASSED -> 0;
            case FAILED -> 1;
            case ERROR -> 2;
        };
    }

    /** The check of this name, if it was made. */
    public Optional<Check> check(String name) {
        return checks.stream().filter(c -> c.name().equals(name)).findFirst();
    }
}

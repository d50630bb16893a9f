package dev.herald.testsupport;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The browser that the tests tagged {@code browser} drive: Chromium and its chromedriver,
 * found on the PATH (nothing is downloaded), and the arguments it runs headless with.
 */
public final class HeadlessChromium {

    /** Why a browser test is skipped when either program is missing. */
    public static final String MISSING = "no browser to drive: chromedriver and chromium must be on the PATH"
            + " (Debian: apt-get install chromium chromium-driver)";

    /**
     * @param driver  chromedriver
     * @param browser Chromium (or Chrome)
     */
    public record Programs(Path driver, Path browser) {
    }

    private HeadlessChromium() {
    }

    /** chromedriver and Chromium, when both are on the PATH. */
    public static Optional<Programs> find() {
        Optional<Path> driver = onPath("chromedriver");
        Optional<Path> browser = onPath("chromium", "chromium-browser", "google-chrome");
        return driver.isPresent() && browser.isPresent() ? Optional.of(new Programs(driver.get(), browser.get()))
                : Optional.empty();
    }

    /** Chromium's arguments: headless, quiet, with its profile in {@code profile} (a fresh folder). */
    public static List<String> arguments(Path profile) {
        return List.of("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", "--window-size=1280,1000", "--user-data-dir=" + profile.toAbsolutePath());
    }

    /** The first of these programs found on the PATH. */
    private static Optional<Path> onPath(String... names) {
        String path = System.getenv().getOrDefault("PATH", "");
        return Stream.of(path.split(File.pathSeparator)).filter(d -> !d.isEmpty())
                .flatMap(d -> Stream.of(names).map(n -> Path.of(d, n)))
                .filter(Files::isExecutable).findFirst();
    }
}

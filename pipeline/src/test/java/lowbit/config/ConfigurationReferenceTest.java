package lowbit.config;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** docs/configuration.md must be what {@link ConfigurationReference} renders from today's defaults. */
@Tag("unit")
class ConfigurationReferenceTest {

    @Test
    void committedReferenceMatchesTheDefaults() throws IOException {
        Path root = repositoryRoot();
        Path committed = root.resolve(ConfigurationReference.RELATIVE_PATH);
        String howToFix = "; regenerate it from the repository root (" + root + ") with: "
                + ConfigurationReference.REGENERATE_COMMAND;
        assertTrue(Files.isRegularFile(committed), committed + " is missing" + howToFix);
        String expected = ConfigurationReference.render();
        String actual = Files.readString(committed, StandardCharsets.UTF_8);
        assertEquals(expected, actual, ConfigurationReference.RELATIVE_PATH
                + " is stale: it differs from what lowbit-defaults.conf renders" + howToFix);
    }

    @Test
    void everyDefaultKeyIsListed() {
        String reference = ConfigurationReference.render();
        for (String key : LowbitConfig.defaults().root().toConfig().entrySet().stream().map(e -> e.getKey()).toList()) {
            if (key.startsWith("lowbit.spark.conf.")) {
                continue; // free-form Spark settings: listed as the value of lowbit.spark.conf
            }
            assertTrue(reference.contains("| `" + key + "` |"), key + " missing from the reference");
        }
    }

    /** -Dlowbit.repo.root (set by the root pom's surefire configuration), else the first parent with docs/. */
    private static Path repositoryRoot() {
        String configured = System.getProperty("lowbit.repo.root");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured).toAbsolutePath().normalize();
        }
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isDirectory(dir.resolve("docs"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("repository root not found; set -Dlowbit.repo.root");
        }
        return dir;
    }
}

package lowbit.cli;

import java.nio.file.Path;

/** HOCON lines that include the repository's own conf/ files from a test's temporary config. */
final class RepositoryConf {
    private RepositoryConf() {
    }

    /** {@code include file("<repository>/<relative>")} and a newline. */
    static String include(String relative) {
        Path root = Path.of(System.getProperty("maven.multiModuleProjectDirectory", ".."));
        return "include file(\"" + root.resolve(relative).toAbsolutePath() + "\")\n";
    }
}

package lowbit.cli;

import lowbit.ArchitectureTest;
import org.junit.jupiter.api.Tag;

/** The architecture rules again, with the CLI's classes in the picture. */
@Tag("unit")
class CliArchitectureTest extends ArchitectureTest {
}

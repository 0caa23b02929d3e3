package lowbit.testing;

import com.tngtech.archunit.core.importer.Location;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Every test class of the pipeline module carries the lanes its code needs (docs/guide/testing.md). */
@Tag("unit")
class TestLanesTest {

    @Test
    void everyTestClassCarriesTheLanesItsCodeNeeds() {
        Location tests = TestLanes.locationOf(TestLanesTest.class);
        var testCode = TestLanes.importTests(tests);
        TestLanes.rule(testCode, tests).check(testCode);
    }
}

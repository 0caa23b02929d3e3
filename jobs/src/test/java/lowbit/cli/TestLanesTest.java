package lowbit.cli;

import com.tngtech.archunit.core.importer.Location;
import lowbit.testing.TestLanes;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Every test class of the jobs module carries the lanes its code needs (docs/guide/testing.md). */
@Tag("unit")
class TestLanesTest {

    @Test
    void everyTestClassCarriesTheLanesItsCodeNeeds() {
        Location tests = TestLanes.locationOf(TestLanesTest.class);
        // the pipeline module's test helpers too (SharedData, TestSpark, ...): the rule follows calls into them
        var testCode = TestLanes.importTests(tests, TestLanes.locationOf(TestLanes.class));
        TestLanes.rule(testCode, tests).check(testCode);
    }
}

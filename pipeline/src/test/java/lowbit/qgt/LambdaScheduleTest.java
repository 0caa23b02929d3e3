package lowbit.qgt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class LambdaScheduleTest {

    @Test
    void linearRampAfterWarmup() {
        LambdaSchedule s = LambdaSchedule.linear(2, 10, 100, 3);
        assertEquals(0.0, s.at(0), 0.0);
        assertEquals(0.0, s.at(1.99), 0.0);
        assertEquals(10.0, s.at(2), 1e-12);
        assertEquals(40.0, s.at(3), 1e-12);
        assertEquals(55.0, s.at(3.5), 1e-12);
        assertEquals(100.0, s.at(5), 1e-12);
        assertEquals(100.0, s.at(9), 1e-12);
    }

    @Test
    void geometricRampIsCapped() {
        LambdaSchedule s = LambdaSchedule.geometric(1, 10, 1.1, 12);
        assertEquals(0.0, s.at(0.5), 0.0);
        assertEquals(10.0, s.at(1), 1e-12);
        assertEquals(11.0, s.at(2), 1e-12);
        assertEquals(12.0, s.at(3), 1e-12);
    }

    @Test
    void iterationsGiveFractionalEpochs() {
        LambdaSchedule s = LambdaSchedule.linear(2, 10, 100, 3);
        assertEquals(s.at(2.5), s.at(250, 100), 0.0);
        assertEquals(25.0, s.at(250, 100), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> s.at(1, 0));
    }

    @Test
    void constantIgnoresTheEpoch() {
        assertEquals(7.0, LambdaSchedule.constant(7).at(0), 0.0);
        assertEquals(7.0, LambdaSchedule.constant(7).at(1e6), 0.0);
    }

    @Test
    void zeroRampEpochsJumpsToTheEnd() {
        assertEquals(100.0, LambdaSchedule.linear(1, 10, 100, 0).at(1), 0.0);
    }

    @Test
    void rejectsBadParameters() {
        assertThrows(IllegalArgumentException.class, () -> LambdaSchedule.linear(-1, 1, 2, 3));
        assertThrows(IllegalArgumentException.class, () -> LambdaSchedule.constant(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> LambdaSchedule.geometric(0, 1, 0.9, 2));
        assertThrows(IllegalArgumentException.class, () -> LambdaSchedule.of(null, 0, 1, 1, 0, 1));
    }
}

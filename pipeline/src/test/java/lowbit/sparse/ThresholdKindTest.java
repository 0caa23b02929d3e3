package lowbit.sparse;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import lowbit.tensor.ChannelLayout;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class ThresholdKindTest {

    @Test
    void createsTheNamedOperator() {
        ChannelLayout pair = ChannelLayout.whole(2);
        assertInstanceOf(HardThreshold.class, ThresholdKind.L0.create(1, 1, 1, null));
        assertInstanceOf(SoftThreshold.class, ThresholdKind.L1.create(1, 1, 1, null));
        assertInstanceOf(TransformedL1Threshold.class, ThresholdKind.TRANSFORMED_L1.create(1, 1, 1, null));
        assertInstanceOf(GroupHardThreshold.class, ThresholdKind.GROUP_L0.create(1, 1, 1, pair));
        assertInstanceOf(GroupSoftThreshold.class, ThresholdKind.GROUP_L1.create(1, 1, 1, pair));
        assertArrayEquals(new float[] {3f, 4f},
                ThresholdKind.GROUP_L1.create(5, 1, 1, pair).apply(new float[] {6f, 8f}), 1e-6f);
    }

    @Test
    void groupedKindsNeedGroups() {
        assertTrue(ThresholdKind.GROUP_L0.grouped());
        assertFalse(ThresholdKind.TRANSFORMED_L1.grouped());
        assertThrows(IllegalArgumentException.class, () -> ThresholdKind.GROUP_L1.create(1, 1, 1, null));
    }
}

package lowbit.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class ChannelLayoutTest {

    private static int[] channelsOf(ChannelLayout layout) {
        int[] c = new int[layout.length()];
        for (int i = 0; i < c.length; i++) {
            c[i] = layout.channelOf(i);
        }
        return c;
    }

    @Test
    void convOutputChannelsAreContiguousBlocks() {
        ChannelLayout l = ChannelLayout.convOutputChannels(new int[] {2, 1, 1, 3});
        assertEquals(2, l.channels());
        assertArrayEquals(new int[] {0, 0, 0, 1, 1, 1}, channelsOf(l));
    }

    @Test
    void convInputChannelsAreSlicesOfEveryFilter() {
        ChannelLayout l = ChannelLayout.convInputChannels(new int[] {2, 3, 1, 2});
        assertEquals(3, l.channels());
        assertArrayEquals(new int[] {0, 0, 1, 1, 2, 2, 0, 0, 1, 1, 2, 2}, channelsOf(l));
    }

    @Test
    void denseOutputsAreColumnsOfTheNInByNOutMatrix() {
        ChannelLayout l = ChannelLayout.denseOutputs(2, 3);
        assertArrayEquals(new int[] {0, 1, 2, 0, 1, 2}, channelsOf(l));
    }

    @Test
    void depthwiseOutputsCombineInputChannelAndMultiplier() {
        ChannelLayout l = ChannelLayout.depthwiseOutputChannels(new int[] {1, 2, 2, 2});
        assertEquals(4, l.channels());
        assertArrayEquals(new int[] {0, 1, 2, 3, 0, 1, 2, 3}, channelsOf(l));
    }

    @Test
    void wholeTensorIsOneChannel() {
        ChannelLayout l = ChannelLayout.whole(5);
        assertEquals(1, l.channels());
        assertArrayEquals(new int[5], channelsOf(l));
    }

    @Test
    void rejectsBadShapesAndLengths() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ChannelLayout.alongAxis(new int[] {2, 3}, 2));
        assertTrue(e.getMessage().contains("axis 2"));
        assertThrows(IllegalArgumentException.class, () -> ChannelLayout.convOutputChannels(new int[] {2, 3}));
        assertThrows(IllegalArgumentException.class, () -> ChannelLayout.alongAxis(new int[] {2, 0}, 0));
        assertThrows(IllegalArgumentException.class, () -> ChannelLayout.whole(3).requireLength(4));
    }
}

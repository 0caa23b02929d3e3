package lowbit.export.integer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The scratch arena: buffers live at the same time never share bytes, and buffers that are not do. */
@Tag("unit")
class ArenaPlanTest {

    @Test
    void aChainPingPongsBetweenTwoBuffers() {
        // a -> b -> c -> d, each read only by the next: a and c, b and d can share
        List<ArenaPlan.Buffer> chain = List.of(new ArenaPlan.Buffer(100, 0, 1), new ArenaPlan.Buffer(60, 1, 2),
                new ArenaPlan.Buffer(100, 2, 3), new ArenaPlan.Buffer(60, 3, 4));
        int[] offsets = ArenaPlan.place(chain);
        assertEquals(offsets[0], offsets[2]);
        assertEquals(offsets[1], offsets[3]);
        int bytes = 0;
        for (int i = 0; i < chain.size(); i++) bytes = Math.max(bytes, offsets[i] + chain.get(i).size());
        assertEquals(160, bytes);
    }

    @Test
    void liveBuffersNeverOverlapAndOffsetsAreAligned() {
        Random r = new Random(4);
        for (int trial = 0; trial < 200; trial++) {
            List<ArenaPlan.Buffer> buffers = new ArrayList<>();
            int n = 1 + r.nextInt(40);
            for (int i = 0; i < n; i++) {
                int first = r.nextInt(30);
                buffers.add(new ArenaPlan.Buffer(r.nextInt(5) == 0 ? 0 : 1 + r.nextInt(5000), first, first + r.nextInt(6)));
            }
            int[] offsets = ArenaPlan.place(buffers);
            int bytes = 0;
            for (int i = 0; i < n; i++) {
                ArenaPlan.Buffer a = buffers.get(i);
                assertEquals(0, offsets[i] % ArenaPlan.ALIGN);
                bytes = Math.max(bytes, offsets[i] + a.size());
                for (int j = i + 1; j < n; j++) {
                    ArenaPlan.Buffer b = buffers.get(j);
                    if (a.size() == 0 || b.size() == 0 || !a.overlaps(b)) continue;
                    assertTrue(offsets[i] + a.size() <= offsets[j] || offsets[j] + b.size() <= offsets[i],
                            "live together, yet sharing bytes: " + a + " at " + offsets[i] + ", " + b + " at " + offsets[j]);
                }
            }
            // never worse than no reuse at all, never better than the most bytes live at one op
            int sum = 0;
            for (ArenaPlan.Buffer b : buffers) sum += ArenaPlan.align(b.size());
            int peak = 0;
            for (int op = 0; op < 40; op++) {
                int live = 0;
                for (ArenaPlan.Buffer b : buffers) if (b.first() <= op && op <= b.last()) live += b.size();
                peak = Math.max(peak, live);
            }
            assertTrue(bytes <= sum && bytes >= peak, "arena " + bytes + ", peak " + peak + ", sum " + sum);
        }
    }
}

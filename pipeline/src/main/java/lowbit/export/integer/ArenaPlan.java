package lowbit.export.integer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Where each tensor (and each op's weight staging buffer) lives in the one scratch arena, from the tensors'
 * lifetimes: a tensor is live from the op that writes it to the last op that reads it, a staging buffer during its
 * op only. Greedy by size (as TFLite Micro's GreedyMemoryPlanner): the largest buffer first, each at the lowest
 * 4-aligned offset that no buffer live at the same time occupies. Buffers whose lifetimes do not overlap share bytes
 * (ping-pong between consecutive layers falls out of it).
 *
 * @param tensorOffsets byte offset of each tensor, by id
 * @param stagingOffsets byte offset of each op's staging buffer, by op index (-1: none)
 * @param bytes the arena size, LOWBIT_SCRATCH_BYTES
 */
public record ArenaPlan(int[] tensorOffsets, int[] stagingOffsets, int bytes) {

    static final int ALIGN = 4;

    /** A buffer of {@code size} bytes live from op {@code first} to op {@code last} (inclusive). */
    record Buffer(int size, int first, int last) {
        boolean overlaps(Buffer o) {
            return first <= o.last && o.first <= last;
        }
    }

    public static ArenaPlan of(List<IntTensor> tensors, List<IntOp> ops, int scoresTensor) {
        int[] first = new int[tensors.size()];
        int[] last = new int[tensors.size()];
        Arrays.fill(first, -1);
        for (int i = 0; i < ops.size(); i++) {
            IntOp op = ops.get(i);
            if (op.output() >= 0) {
                if (first[op.output()] >= 0) throw new IllegalStateException("tensor " + op.output() + " written twice");
                first[op.output()] = i;
                last[op.output()] = i;
            }
            for (int in : op.inputs()) {
                if (first[in] < 0) throw new IllegalStateException("op " + op.node() + " reads tensor " + in + " before it is written");
                last[in] = i;
            }
        }
        if (scoresTensor >= 0) last[scoresTensor] = ops.size();
        List<Buffer> buffers = new ArrayList<>();
        for (int t = 0; t < tensors.size(); t++) {
            if (first[t] < 0) throw new IllegalStateException("tensor " + tensors.get(t).name() + " is never written");
            buffers.add(new Buffer(tensors.get(t).size(), first[t], last[t]));
        }
        for (int i = 0; i < ops.size(); i++) buffers.add(new Buffer(ops.get(i).stagingBytes(), i, i));
        int[] offsets = place(buffers);
        int bytes = 0;
        for (int b = 0; b < buffers.size(); b++) bytes = Math.max(bytes, offsets[b] + buffers.get(b).size());
        int[] staging = new int[ops.size()];
        for (int i = 0; i < ops.size(); i++) staging[i] = ops.get(i).stagingBytes() > 0 ? offsets[tensors.size() + i] : -1;
        return new ArenaPlan(Arrays.copyOf(offsets, tensors.size()), staging, bytes);
    }

    /** Greedy placement: offsets by buffer index (empty buffers at 0). */
    static int[] place(List<Buffer> buffers) {
        Integer[] order = new Integer[buffers.size()];
        for (int i = 0; i < order.length; i++) order[i] = i;
        Arrays.sort(order, Comparator.<Integer>comparingInt(i -> -buffers.get(i).size()).thenComparingInt(i -> buffers.get(i).first())
                .thenComparingInt(i -> i));
        int[] offsets = new int[buffers.size()];
        List<Integer> placed = new ArrayList<>();
        for (int b : order) {
            Buffer buf = buffers.get(b);
            if (buf.size() == 0) continue;
            List<int[]> taken = new ArrayList<>(); // [start, end) of live buffers
            for (int p : placed) {
                if (buffers.get(p).overlaps(buf)) taken.add(new int[] {offsets[p], offsets[p] + buffers.get(p).size()});
            }
            taken.sort(Comparator.comparingInt(r -> r[0]));
            int offset = 0;
            for (int[] r : taken) {
                if (offset + buf.size() <= r[0]) break;
                offset = Math.max(offset, align(r[1]));
            }
            offsets[b] = offset;
            placed.add(b);
        }
        return offsets;
    }

    static int align(int n) {
        return (n + ALIGN - 1) / ALIGN * ALIGN;
    }

    @Override
    public int[] tensorOffsets() {
        return tensorOffsets.clone();
    }

    @Override
    public int[] stagingOffsets() {
        return stagingOffsets.clone();
    }

    public int tensorOffset(int tensor) {
        return tensorOffsets[tensor];
    }

    public int stagingOffset(int op) {
        return stagingOffsets[op];
    }
}

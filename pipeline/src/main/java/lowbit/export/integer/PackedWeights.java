package lowbit.export.integer;

import java.util.Arrays;

import lowbit.quant.BitPacker;
import lowbit.quant.SymmetricQuantizer;

/**
 * A layer's weight codes on the symmetric b-bit grid, output channel by output channel: channel c holds codes
 * {@code [c * perChannel, (c + 1) * perChannel)} in the kernel's own order (convolution [in, kh, kw], depthwise
 * [kh, kw], dense [in]). {@link #packed()} is how model.c stores them: unsigned k + n (b = 1: 0 / 1 for -1 / +1), b bits
 * each, least significant bit first, no padding between channels, plus one zero byte so that a two-byte read of the last
 * code stays inside the array (as lowbit's packed file, docs/export-format.md).
 */
public final class PackedWeights {
    private final int bits;
    private final int channels;
    private final int perChannel;
    private final byte[] codes;
    private final int[][] rows;

    public PackedWeights(int bits, int channels, int perChannel, byte[] codes) {
        if (codes.length != channels * perChannel) {
            throw new IllegalArgumentException(channels + " x " + perChannel + " codes expected, got " + codes.length);
        }
        this.bits = bits;
        this.channels = channels;
        this.perChannel = perChannel;
        this.codes = codes.clone();
        rows = new int[channels][perChannel];
        for (int c = 0; c < channels; c++) {
            for (int i = 0; i < perChannel; i++) rows[c][i] = codes[c * perChannel + i];
        }
    }

    public int bits() {
        return bits;
    }

    public int channels() {
        return channels;
    }

    public int perChannel() {
        return perChannel;
    }

    public int code(int channel, int i) {
        return codes[channel * perChannel + i];
    }

    /** Copy of the signed codes, channel by channel. */
    public byte[] codes() {
        return codes.clone();
    }

    /** Channel {@code c}'s codes as ints, shared (callers must not change them). */
    int[] row(int c) {
        return rows[c];
    }

    /** The packed bytes model.c stores: ceil(n b / 8) bytes of codes and one zero byte. */
    public byte[] packed() {
        SymmetricQuantizer q = new SymmetricQuantizer(bits);
        int[] stored = new int[codes.length];
        for (int i = 0; i < codes.length; i++) stored[i] = q.toStored(codes[i]);
        byte[] p = BitPacker.pack(stored, bits);
        return Arrays.copyOf(p, p.length + 1);
    }

    /** Bytes of packed codes, the padding byte excluded. */
    public long packedBytes() {
        return BitPacker.packedLength(codes.length, bits);
    }
}

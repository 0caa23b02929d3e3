package lowbit.model;

/** The CIFAR ResNet-20 body: three stages of three blocks, widths 16/32/64, stride 2 entering stages 2 and 3. */
public final class ResNetStages {

    static final int[] WIDTHS = {16, 32, 64};
    static final int BLOCKS_PER_STAGE = 3;

    /** Adds one residual block named by {@code prefix} and returns its output node. */
    public interface Block {
        String add(String prefix, String input, int inChannels, int outChannels, int stride);
    }

    private ResNetStages() {
    }

    /** Channels of the last stage's output. */
    public static int outputWidth() {
        return WIDTHS[WIDTHS.length - 1];
    }

    /** Blocks s1b1 .. s3b3 after {@code input} (16 channels); returns the last block's output. */
    public static String stack(String prefix, String input, Block block) {
        String x = input;
        int in = WIDTHS[0];
        for (int s = 0; s < WIDTHS.length; s++) {
            for (int b = 0; b < BLOCKS_PER_STAGE; b++) {
                int stride = s > 0 && b == 0 ? 2 : 1;
                x = block.add(prefix + "s" + (s + 1) + "b" + (b + 1) + ".", x, in, WIDTHS[s], stride);
                in = WIDTHS[s];
            }
        }
        return x;
    }
}

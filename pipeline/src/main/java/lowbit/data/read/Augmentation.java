package lowbit.data.read;

import java.io.Serializable;
import java.util.Random;

/**
 * Training-time augmentation: random crop after zero padding by {@code padding} pixels, and random
 * horizontal flip. Padding is applied after normalization, so it pads with zeros of the network input.
 */
public record Augmentation(int padding, boolean horizontalFlip) implements Serializable {
    public static final Augmentation NONE = new Augmentation(0, false);

    public boolean isNone() {
        return padding == 0 && !horizontalFlip;
    }

    /** Writes one augmented CHW image from {@code src} into {@code dst} at {@code offset}. */
    public void apply(float[] src, int channels, int height, int width, float[] dst, int offset, Random random) {
        int dy = padding == 0 ? 0 : random.nextInt(2 * padding + 1) - padding;
        int dx = padding == 0 ? 0 : random.nextInt(2 * padding + 1) - padding;
        boolean flip = horizontalFlip && random.nextBoolean();
        for (int c = 0; c < channels; c++) {
            int plane = c * height * width;
            for (int y = 0; y < height; y++) {
                int sy = y + dy;
                for (int x = 0; x < width; x++) {
                    int sx = (flip ? width - 1 - x : x) + dx;
                    dst[offset + plane + y * width + x] = sy < 0 || sy >= height || sx < 0 || sx >= width
                            ? 0f : src[plane + sy * width + sx];
                }
            }
        }
    }
}

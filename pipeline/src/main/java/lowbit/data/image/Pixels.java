package lowbit.data.image;

import java.io.Serializable;

/** A uint8 image, channel-major (C, H, W). */
public record Pixels(int channels, int height, int width, byte[] data) implements Serializable {
    public Pixels {
        if ((long) channels * height * width != data.length) {
            throw new IllegalArgumentException("pixel buffer of " + data.length + " bytes does not hold "
                    + channels + "x" + height + "x" + width);
        }
    }
}

package lowbit.data.read;

import java.io.Serializable;

/** One record as training reads it back. */
public record ImageExample(String id, int label, int channels, int height, int width, byte[] pixels)
        implements Serializable {
}

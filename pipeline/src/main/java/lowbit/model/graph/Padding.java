package lowbit.model.graph;

/** Zero rows and columns around a feature map before a window slides over it. */
public record Padding(int top, int left, int bottom, int right) {

    public Padding {
        if (top < 0 || left < 0 || bottom < 0 || right < 0) throw new IllegalArgumentException("negative padding");
    }

    public static final Padding NONE = new Padding(0, 0, 0, 0);

    public static Padding symmetric(int p) {
        return new Padding(p, p, p, p);
    }

    /**
     * TensorFlow's {@code same}: the output is ceil(input / stride) and the padding that needs is split with the odd
     * row or column at the bottom or right (so at stride 2 on an even input only the bottom and right are padded).
     */
    public static Padding same(int height, int width, int kernel, int stride) {
        int h = Math.max(0, ((height + stride - 1) / stride - 1) * stride + kernel - height);
        int w = Math.max(0, ((width + stride - 1) / stride - 1) * stride + kernel - width);
        return new Padding(h / 2, w / 2, h - h / 2, w - w / 2);
    }

    public boolean isSymmetric() {
        return top == bottom && left == right && top == left;
    }

    /** The output map of a {@code kernel}-wide window at {@code stride} over {@code x} padded by this, with {@code channels} channels. */
    Shape window(Shape x, int channels, int kernel, int stride) {
        return Shape.image(channels, out(x.height(), top, bottom, kernel, stride), out(x.width(), left, right, kernel, stride));
    }

    /** Output length along one axis of a window of {@code kernel} at {@code stride} over {@code in} padded by before + after. */
    static int out(int in, int before, int after, int kernel, int stride) {
        int span = in + before + after - kernel;
        if (span < 0) throw new IllegalArgumentException("a " + kernel + "-wide window does not fit " + in + " padded by " + before + "+" + after);
        return span / stride + 1;
    }
}

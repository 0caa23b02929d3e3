package lowbit.engine.dl4j;

import java.util.Locale;

/** Which implementation {@link Layers} builds convolutions and batch norm with; chosen by {@code -Dlowbit.layers}. */
public enum LayerImpl {
    /** DL4J's own layers (convolution is im2col + gemm in Java). */
    STOCK,
    /** {@link lowbit.engine.dl4j.layers} layers calling libnd4j's native (oneDNN when available) ops. */
    NATIVE;

    public static final String PROPERTY = "lowbit.layers";

    /** The implementation named by the system property, native when unset. */
    public static LayerImpl current() {
        String v = System.getProperty(PROPERTY);
        return v == null || v.isBlank() ? NATIVE : valueOf(v.trim().toUpperCase(Locale.ROOT));
    }
}

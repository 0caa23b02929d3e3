package lowbit.export;

import java.util.Locale;

/**
 * The three sizes of an export: the float32 model (all parameters and batch-norm state), the theoretical
 * size by the accounting of docs/methods.md, and the bytes of the file actually written.
 */
public record ExportSizes(long floatBytes, long theoreticalBytes, long fileBytes) {

    /** fileBytes / theoreticalBytes: the file format's overhead. */
    public double fileOverTheoretical() {
        return (double) fileBytes / theoreticalBytes;
    }

    /** floatBytes / fileBytes. */
    public double compression() {
        return (double) floatBytes / fileBytes;
    }

    public String describe() {
        return String.format(Locale.ROOT,
                "float32 %,d bytes%ntheoretical %,d bytes%npacked file %,d bytes (%.4fx theoretical, %.2fx smaller than float32)",
                floatBytes, theoreticalBytes, fileBytes, fileOverTheoretical(), compression());
    }
}

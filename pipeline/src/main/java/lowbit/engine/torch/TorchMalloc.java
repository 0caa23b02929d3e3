package lowbit.engine.torch;

import com.sun.jna.Function;
import com.sun.jna.NativeLibrary;

/**
 * glibc's allocator settings for tensor-sized blocks, applied once per process when the first torch model is built.
 *
 * <p>By default glibc hands blocks above a moving threshold to mmap and gives freed heap memory back to the kernel
 * beyond another, so a training step that frees and reallocates the same activations page-faults and zeroes them
 * afresh every step: on oneDNN's blocked layout a ResNet-20 step (batch 128) spent a tenth of its time so. Blocks up
 * to 32 MiB (glibc's largest threshold) now stay in the heap, which keeps up to 256 MiB of freed memory: LeNet and
 * ResNet-20 training 7-31 % faster, peak RSS about 90 MB higher (bench/RESULTS.md). A user's own {@code MALLOC_*}
 * environment settings win; without glibc's {@code mallopt} (another C library) nothing changes.
 */
final class TorchMalloc {

    /** glibc's mallopt parameters (malloc.h). */
    private static final int M_TRIM_THRESHOLD = -1;
    private static final int M_MMAP_THRESHOLD = -3;

    private static final int MMAP_THRESHOLD = 32 << 20;
    private static final int TRIM_THRESHOLD = 256 << 20;

    private TorchMalloc() {
    }

    /** Applies the settings once (the JVM's lazy class initialization); whether they are in effect. */
    static boolean apply() {
        return Applied.DONE;
    }

    private static final class Applied {
        static final boolean DONE = set();

        private static boolean set() {
            for (String v : new String[] {"MALLOC_MMAP_THRESHOLD_", "MALLOC_TRIM_THRESHOLD_", "MALLOC_TOP_PAD_"}) {
                if (System.getenv(v) != null) return false;
            }
            Function mallopt;
            try {
                mallopt = NativeLibrary.getInstance("c").getFunction("mallopt");
            } catch (UnsatisfiedLinkError e) {
                return false;
            }
            // the mmap threshold first: setting the trim threshold alone also fixes the mmap one at its 128 KiB start
            return mallopt.invokeInt(new Object[] {M_MMAP_THRESHOLD, MMAP_THRESHOLD}) == 1
                    && mallopt.invokeInt(new Object[] {M_TRIM_THRESHOLD, TRIM_THRESHOLD}) == 1;
        }
    }
}

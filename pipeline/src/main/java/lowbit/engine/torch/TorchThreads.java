package lowbit.engine.torch;

import com.sun.jna.Function;
import com.sun.jna.NativeLibrary;
import org.bytedeco.pytorch.global.torch;

/**
 * libtorch's thread counts. Its intra-op (OpenMP) count is kept per calling thread, so a model sets it at the start of
 * every call (a cheap check) rather than once per process: Spark runs tasks on threads of its own.
 *
 * <p>The OpenBLAS that libtorch calls for dense layers runs on the calling thread only. Unless OPENBLAS_NUM_THREADS or
 * OMP_NUM_THREADS says otherwise it starts a thread per core, whose pool busy-waits beside libtorch's OpenMP threads
 * after every product and takes their cores: with it, LeNet (whose dense layers are most of its work) trained 1.4x and
 * inferred 1.7x slower (bench/RESULTS.md). One thread also keeps results independent of the machine's core count:
 * OpenBLAS splits a product across its threads in a way that changes the rounding of its sums.
 */
final class TorchThreads {

    private TorchThreads() {
    }

    /** {@code configured} when positive, else OMP_NUM_THREADS when set, else every core. */
    static int resolve(int configured) {
        if (configured > 0) return configured;
        String omp = System.getenv("OMP_NUM_THREADS");
        if (omp != null && !omp.isBlank()) {
            try {
                int n = Integer.parseInt(omp.trim());
                if (n > 0) return n;
            } catch (NumberFormatException ignored) {
                // not a number: fall back to the cores, as OpenMP itself does
            }
        }
        return Runtime.getRuntime().availableProcessors();
    }

    static void apply(int threads) {
        if (torch.get_num_threads() != threads) torch.set_num_threads(threads);
        // checked on every call (a cheap read): another library in this JVM, such as DL4J's ND4J, may set it after us
        if (blasThreads() != 1) setBlasThreads(1);
    }

    static void setBlasThreads(int n) {
        Blas.SET.invokeVoid(new Object[] {n});
    }

    /** The thread count of the OpenBLAS that libtorch is linked to. */
    static int blasThreads() {
        return Blas.GET.invokeInt(new Object[0]);
    }

    /**
     * OpenBLAS's functions as libtorch resolves them (the copy it is bound to, whichever engine loaded it first), looked
     * up once, when first used (the JVM's lazy class initialization).
     */
    private static final class Blas {
        static final NativeLibrary LIBTORCH = NativeLibrary.getInstance(libtorchCpu());
        static final Function GET = LIBTORCH.getFunction("openblas_get_num_threads");
        static final Function SET = LIBTORCH.getFunction("openblas_set_num_threads");

        private static String libtorchCpu() {
            torch.get_num_threads(); // loads libtorch
            return lowbit.engine.NumericKernels.loadedLibraries().stream().filter(p -> p.contains("libtorch_cpu")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("libtorch_cpu is not mapped after loading torch"));
        }
    }
}

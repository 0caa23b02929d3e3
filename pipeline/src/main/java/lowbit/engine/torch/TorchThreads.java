package lowbit.engine.torch;

import org.bytedeco.pytorch.global.torch;

/**
 * libtorch's intra-op thread count. OpenMP keeps it per calling thread, so a model sets it at the start of every
 * call (a cheap check) rather than once per process: Spark runs tasks on threads of its own.
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
    }
}

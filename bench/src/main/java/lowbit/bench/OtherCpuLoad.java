package lowbit.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Fraction of the machine's CPU used by other processes during a window (the benchmark machines are shared):
 * busy jiffies from /proc/stat minus this JVM's own CPU time, over wall time and cores. NaN where /proc is absent.
 */
final class OtherCpuLoad {

    private static final double JIFFY_S = 0.01; // USER_HZ is 100 on Linux
    private final long startNanos = System.nanoTime();
    private final double startBusy = busySeconds();
    private final double startOwn = ownSeconds();

    double fraction() {
        double elapsed = (System.nanoTime() - startNanos) / 1e9;
        double others = (busySeconds() - startBusy) - (ownSeconds() - startOwn);
        return Math.max(0, others / elapsed / Runtime.getRuntime().availableProcessors());
    }

    private static double busySeconds() {
        try {
            String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long busy = 0;
            for (int i = 1; i <= 8 && i < f.length; i++) if (i != 4 && i != 5) busy += Long.parseLong(f[i]);
            return busy * JIFFY_S;
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    private static double ownSeconds() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime() / 1e9;
    }
}

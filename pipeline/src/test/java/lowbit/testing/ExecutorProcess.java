package lowbit.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A Spark executor JVM on this machine, found by its command line (CoarseGrainedExecutorBackend, app and executor
 * id). The command line is read from /proc (Linux): {@code ProcessHandle.Info} drops one longer than a page, and an
 * executor's classpath is longer.
 */
public record ExecutorProcess(ProcessHandle handle, String commandLine) {

    public static ExecutorProcess find(String appId, String executorId) {
        List<ExecutorProcess> found = ProcessHandle.allProcesses()
                .map(p -> new ExecutorProcess(p, commandLine(p.pid())))
                .filter(e -> e.commandLine.contains("CoarseGrainedExecutorBackend")
                        && e.commandLine.contains("--app-id " + appId)
                        && e.commandLine.contains("--executor-id " + executorId + " "))
                .collect(Collectors.toList());
        if (found.size() != 1) {
            throw new IllegalStateException(found.size() + " processes of executor " + executorId + " of " + appId);
        }
        return found.get(0);
    }

    private static String commandLine(long pid) {
        try {
            return Files.readString(Path.of("/proc", Long.toString(pid), "cmdline")).replace('\0', ' ');
        } catch (IOException e) {
            return "";  // gone, or not ours to read
        }
    }

    /** SIGKILL, as when the machine or the JVM dies: no shutdown hooks, no goodbye to the driver. */
    public void kill() {
        handle.destroyForcibly();
    }
}

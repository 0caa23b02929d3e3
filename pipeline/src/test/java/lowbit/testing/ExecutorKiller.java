package lowbit.testing;

import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerExecutorRemoved;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.scheduler.SparkListenerTaskStart;
import org.apache.spark.sql.SparkSession;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Once armed, SIGKILLs the executor JVM of the next task that starts, and counts what Spark saw afterwards:
 * removed executors and failed task attempts.
 */
public final class ExecutorKiller extends SparkListener {
    private final String appId;
    private volatile boolean armed;
    private final AtomicReference<ExecutorProcess> killed = new AtomicReference<>();
    private final AtomicInteger removedExecutors = new AtomicInteger();
    private final AtomicInteger failedTasks = new AtomicInteger();

    public ExecutorKiller(SparkSession spark) {
        this.appId = spark.sparkContext().applicationId();
        spark.sparkContext().addSparkListener(this);
    }

    public void arm() {
        armed = true;
    }

    @Override
    public void onTaskStart(SparkListenerTaskStart start) {
        if (armed && killed.get() == null) {
            ExecutorProcess victim = ExecutorProcess.find(appId, start.taskInfo().executorId());
            killed.set(victim);
            victim.kill();
        }
    }

    @Override
    public void onTaskEnd(SparkListenerTaskEnd end) {
        if (!end.taskInfo().successful()) {
            failedTasks.incrementAndGet();
        }
    }

    @Override
    public void onExecutorRemoved(SparkListenerExecutorRemoved removed) {
        removedExecutors.incrementAndGet();
    }

    /** The killed executor's process, or null if none was killed yet. */
    public ExecutorProcess killed() {
        return killed.get();
    }

    public int removedExecutors() {
        return removedExecutors.get();
    }

    public int failedTasks() {
        return failedTasks.get();
    }
}

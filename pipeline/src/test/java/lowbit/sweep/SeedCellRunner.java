package lowbit.sweep;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;

import java.util.List;
import java.util.Map;

/**
 * A test cell: its "accuracy" is a function of the cell's config, it takes a set time, and seed 13 fails,
 * so the sweep machinery can be checked without training networks.
 */
public final class SeedCellRunner implements CellRunner {
    private final long sleepMillis;

    public SeedCellRunner(long sleepMillis) {
        this.sleepMillis = sleepMillis;
    }

    @Override
    public CellResult run(CellTask task) throws Exception {
        Config c = ConfigFactory.parseString(task.configJson());
        long seed = c.getLong("lowbit.shard.seed");
        int shards = c.getInt("lowbit.shard.shards");
        Thread.sleep(sleepMillis);
        if (seed == 13) {
            throw new IllegalStateException("seed 13 is unlucky");
        }
        double base = task.dependencies().containsKey("base") ? 0.5 : 0.0;
        return new CellResult(Map.of("accuracy", base + seed / 100.0, "bits", shards, "method", shards == 1 ? "none" : "ptq",
                        "packed_bytes", 1000L * shards + seed, "weight_sparsity", seed / 10.0),
                List.of(Map.of("epoch", 0, "train_loss", 1.0 / (seed + 1)), Map.of("epoch", 1, "train_loss", 0.5 / (seed + 1))),
                List.of(Map.of("layer", "conv1/W", "parameters", 500L, "rho", 0.1 * shards, "bits", shards),
                        Map.of("layer", "fc1/W", "parameters", 4000L, "rho", 0.05 * shards, "bits", shards)));
    }
}

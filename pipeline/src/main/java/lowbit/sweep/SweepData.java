package lowbit.sweep;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValueFactory;
import lowbit.data.shard.Manifest;
import lowbit.data.shard.ShardJob;
import lowbit.data.shard.ShardSpec;
import lowbit.data.source.SourceFiles;
import lowbit.data.shard.Sources;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;


/**
 * A sweep's data: with {@code lowbit.sweep.shard = true} the config's {@code lowbit.shard} source is sharded
 * into {@code data-cache/<dataset>-<hash>} (hash of the source fingerprint and the shard settings) unless that
 * folder already holds it, and every cell trains on it.
 */
public final class SweepData {
    private static final Logger LOG = LoggerFactory.getLogger(SweepData.class);

    private SweepData() {
    }

    /** Returns the config with {@code lowbit.train.data} pointing at the shards, sharding first where needed. */
    public static Config ensure(SparkSession spark, Config config) {
        return resolve(spark, config);
    }

    /** As {@link #ensure} without sharding: where the shards are or would be (for --dry-run). */
    public static Config locate(Config config) {
        return resolve(null, config);
    }

    private static Config resolve(SparkSession spark, Config config) {
        if (!config.getBoolean("lowbit.sweep.shard")) {
            return config;
        }
        Config shard = config.withValue("lowbit.shard.output", ConfigValueFactory.fromAnyRef("(set below)"));
        ShardSpec probe = ShardSpec.from(shard);
        String fingerprint = Sources.of(probe).plan().fingerprint();
        Config settings = config.getConfig("lowbit.shard").withoutPath("output").withoutPath("overwrite").withoutPath("input");
        String key = Cell.shortHash(fingerprint + settings.root().render(ConfigRenderOptions.concise()), 6);
        String dir = config.getString("lowbit.sweep.data-cache") + "/" + probe.dataset() + "-" + key;
        if (SourceFiles.exists(dir + "/" + Manifest.FILE) && fingerprint.equals(Manifest.read(dir).sourceFingerprint())) {
            LOG.info("using the shards in {} (same source and settings)", dir);
        } else if (spark != null) {
            LOG.info("sharding {} into {}", probe.input(), dir);
            ShardJob.run(spark, ShardSpec.from(config.withValue("lowbit.shard.output", ConfigValueFactory.fromAnyRef(dir))
                    .withValue("lowbit.shard.overwrite", ConfigValueFactory.fromAnyRef(true))));
        }
        return config.withValue("lowbit.train.data", ConfigValueFactory.fromAnyRef(dir));
    }
}

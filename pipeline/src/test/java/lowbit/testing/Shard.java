package lowbit.testing;

import com.typesafe.config.Config;
import lowbit.config.LowbitConfig;
import lowbit.data.shard.Manifest;
import lowbit.data.shard.ShardJob;
import lowbit.data.shard.ShardSpec;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Runs the sharding job as the CLI would, from key=value settings. */
public final class Shard {
    private Shard() {
    }

    public static Manifest run(String format, Path input, Path output, String... settings) {
        return run(format, input, output.toString(), settings);
    }

    /** @param output a local path or any Hadoop filesystem URI */
    public static Manifest run(String format, Path input, String output, String... settings) {
        List<String> all = new ArrayList<>(List.of("format=" + format, "input=" + input, "output=" + output));
        all.addAll(List.of(settings));
        Config config = LowbitConfig.load(null, all, "shard");
        return ShardJob.run(TestSpark.session(), ShardSpec.from(config));
    }
}

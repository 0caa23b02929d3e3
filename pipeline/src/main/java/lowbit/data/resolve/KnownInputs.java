package lowbit.data.resolve;

import com.typesafe.config.Config;

import java.nio.file.Path;

/** Input paths of the form {@code known:NAME} are found by the {@link DatasetResolver}. */
public final class KnownInputs {
    public static final String PREFIX = "known:";

    private KnownInputs() {
    }

    public static String resolve(String input, Config config) {
        if (!input.startsWith(PREFIX)) {
            return input;
        }
        KnownDataset dataset = KnownDataset.named(input.substring(PREFIX.length()));
        Config data = config.getConfig("lowbit.data");
        Path cache = data.getString("cache").isEmpty()
                ? Path.of(System.getProperty("user.home"), ".cache", "lowbit") : Path.of(data.getString("cache"));
        return new DatasetResolver(data.getString(dataset.name()), System.getenv("LOWBIT_DATA"), cache,
                data.getString(dataset.name() + "-url"), PackageInstaller.apt()).resolve(dataset).toString();
    }
}

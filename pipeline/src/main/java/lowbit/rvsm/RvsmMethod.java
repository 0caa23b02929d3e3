package lowbit.rvsm;

import com.typesafe.config.Config;
import lowbit.method.Method;

/** RVSM / RGSM in the method registry: {@code lowbit.train.methods = [rvsm]}, settings {@code lowbit.train.rvsm}. */
public final class RvsmMethod implements Method {
    public static final String NAME = "rvsm";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public RvsmSettings read(Config train) {
        return RvsmSettings.from(train);
    }
}

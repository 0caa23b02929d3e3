package lowbit.admm;

import com.typesafe.config.Config;
import lowbit.method.Method;

/** ADMM pruning in the method registry: {@code lowbit.train.methods = [admm]}, settings {@code lowbit.train.admm}. */
public final class AdmmMethod implements Method {
    public static final String NAME = "admm";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public AdmmSettings read(Config train) {
        return AdmmSettings.from(train);
    }
}

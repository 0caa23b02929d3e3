package lowbit.rvsm;

import lowbit.method.NamedMethod;

/** RVSM / RGSM in the method registry: {@code lowbit.train.methods = [rvsm]}, settings {@code lowbit.train.rvsm}. */
public final class RvsmMethod extends NamedMethod {
    public static final String NAME = "rvsm";

    public RvsmMethod() {
        super(NAME, RvsmSettings::from);
    }
}

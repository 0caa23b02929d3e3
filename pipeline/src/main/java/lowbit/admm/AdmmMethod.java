package lowbit.admm;

import lowbit.method.NamedMethod;

/** ADMM pruning in the method registry: {@code lowbit.train.methods = [admm]}, settings {@code lowbit.train.admm}. */
public final class AdmmMethod extends NamedMethod {
    public static final String NAME = "admm";

    public AdmmMethod() {
        super(NAME, AdmmSettings::from);
    }
}

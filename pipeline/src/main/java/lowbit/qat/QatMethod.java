package lowbit.qat;

import lowbit.method.NamedMethod;

/** QAT in the method registry: {@code lowbit.train.methods = [qat]}, settings {@code lowbit.train.qat}. */
public final class QatMethod extends NamedMethod {
    public static final String NAME = "qat";

    public QatMethod() {
        super(NAME, QatSettings::from);
    }
}

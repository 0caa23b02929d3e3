package lowbit.qgt;

import lowbit.method.NamedMethod;

/** QGT in the method registry: {@code lowbit.train.methods = [qgt]}, settings {@code lowbit.train.qgt}. */
public final class QgtMethod extends NamedMethod {
    public static final String NAME = "qgt";

    public QgtMethod() {
        super(NAME, QgtSettings::from);
    }
}

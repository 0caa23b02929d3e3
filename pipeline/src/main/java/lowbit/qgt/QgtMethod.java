package lowbit.qgt;

import com.typesafe.config.Config;
import lowbit.method.Method;

/** QGT in the method registry: {@code lowbit.train.methods = [qgt]}, settings {@code lowbit.train.qgt}. */
public final class QgtMethod implements Method {
    public static final String NAME = "qgt";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public QgtSettings read(Config train) {
        return QgtSettings.from(train);
    }
}

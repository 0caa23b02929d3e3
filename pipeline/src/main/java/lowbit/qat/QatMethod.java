package lowbit.qat;

import com.typesafe.config.Config;
import lowbit.method.Method;

/** QAT in the method registry: {@code lowbit.train.methods = [qat]}, settings {@code lowbit.train.qat}. */
public final class QatMethod implements Method {
    public static final String NAME = "qat";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public QatSettings read(Config train) {
        return QatSettings.from(train);
    }
}

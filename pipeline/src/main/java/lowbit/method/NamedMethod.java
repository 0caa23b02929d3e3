package lowbit.method;

import com.typesafe.config.Config;
import java.util.function.Function;

/** A {@link Method} given by its name and how its settings are read, for the registry's one-line method classes. */
public abstract class NamedMethod implements Method {
    private final String name;
    private final Function<Config, MethodSettings> read;

    protected NamedMethod(String name, Function<Config, MethodSettings> read) {
        this.name = name;
        this.read = read;
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final MethodSettings read(Config train) {
        return read.apply(train);
    }
}

package lowbit.method;

import com.typesafe.config.Config;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import lowbit.config.ConfigError;

/** The registry of methods ({@link Method}, found with {@link ServiceLoader}): what train, sweeps and the report use. */
public final class Methods {
    private static final List<Method> METHODS = ServiceLoader.load(Method.class, Methods.class.getClassLoader()).stream()
            .map(ServiceLoader.Provider::get).toList();

    private Methods() {
    }

    /** The names of every method, in the registry's order. */
    public static List<String> names() {
        return METHODS.stream().map(Method::name).toList();
    }

    public static Method named(String name) {
        for (Method m : METHODS) {
            if (m.name().equals(name)) {
                return m;
            }
        }
        throw new ConfigError("lowbit.train.methods: unknown method '" + name + "'; known: " + names());
    }

    private static MethodSettings read(Method m, Config train) {
        try {
            return m.read(train);
        } catch (ConfigError e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw new ConfigError("lowbit.train." + m.name() + ": " + e.getMessage(), e);
        }
    }

    /** Reads and validates every method's section of {@code train}, whether or not it is on; by name. */
    private static Map<String, MethodSettings> readAll(Config train) {
        Map<String, MethodSettings> all = new LinkedHashMap<>();
        METHODS.forEach(m -> all.put(m.name(), read(m, train)));
        return all;
    }

    /** Reads and validates every method's section of {@code train}, whether or not it is on. */
    public static void check(Config train) {
        readAll(train);
    }

    /**
     * The settings of the methods {@code lowbit.train.methods} turns on, in that order, after checking every method's
     * section.
     */
    public static List<MethodSettings> chosen(Config train) {
        Map<String, MethodSettings> all = readAll(train);
        List<MethodSettings> out = new ArrayList<>();
        for (String name : train.getStringList("methods")) {
            if (out.stream().anyMatch(s -> s.method().equals(name))) {
                throw new ConfigError("lowbit.train.methods names " + name + " twice");
            }
            if (!all.containsKey(name)) {
                named(name); // the error naming the unknown method and the known ones
            }
            out.add(all.get(name));
        }
        return out;
    }
}

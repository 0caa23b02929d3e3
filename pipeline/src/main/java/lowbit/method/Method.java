package lowbit.method;

import com.typesafe.config.Config;

/**
 * A compression method that training applies (QGT, QAT, RVSM / RGSM, ADMM): its name in {@code lowbit.train.methods},
 * which is also its section {@code lowbit.train.<name>}, read once into typed {@link MethodSettings}. Methods are found
 * through {@link Methods}; adding one is a package with its {@code Method}, its settings and its training hook, a line
 * in {@code META-INF/services/lowbit.method.Method}, and its keys (with their comments) in
 * {@code lowbit-defaults.conf}.
 */
public interface Method {

    /** The name in {@code lowbit.train.methods} and of its section. */
    String name();

    /**
     * Reads and validates the method's section of {@code train} (whether or not the method is on), so that a bad value
     * fails before any training with an error naming its key. What needs the model (layer names) is checked when its
     * regularizer is bound to the model.
     *
     * @param train the {@code lowbit.train} section
     */
    MethodSettings read(Config train);
}

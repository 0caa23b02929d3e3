package lowbit.method;

import java.io.Serializable;
import java.util.List;

/** A method's settings, read and validated, and what they add to training. */
public interface MethodSettings extends Serializable {

    /** The method's name ({@link Method#name()}). */
    String method();

    /** The regularizer it adds to every step, or null. */
    default Regularizer regularizer() {
        return null;
    }

    /** The weights the forward pass sees instead of the latent ones (QAT's fake quantization), or null. */
    default WeightTransform transform() {
        return null;
    }

    /** Hard quantization and fine-tuning after the regularized epochs (QGT's finish), or null. */
    default QuantizedFinish finish() {
        return null;
    }

    /**
     * Whether DL4J's own training ({@code mode = parameter-averaging}) can apply it: a regularizer without evolving
     * state (DL4J copies it into every worker) and nothing that changes the forward pass.
     */
    default boolean runsInsideDl4j() {
        Regularizer r = regularizer();
        return transform() == null && r != null && !r.keepsState();
    }

    /**
     * The hyperparameters that tell its runs apart, as {@code name=value} (e.g. {@code lambda=3000}): recorded in
     * every sweep cell ({@code method_settings}) and grouped by in the report.
     */
    List<String> summary();
}

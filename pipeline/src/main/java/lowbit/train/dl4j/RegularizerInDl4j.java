package lowbit.train.dl4j;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.ObjectStreamClass;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import lowbit.model.graph.ParamKind;
import lowbit.model.graph.ParamView;
import lowbit.method.Regularizer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.regularization.Regularization;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * A lowbit method ({@link Regularizer}: QGT, RVSM, RGSM) applied by DL4J's own training to one layer's weights, for
 * {@code mode = parameter-averaging}. It runs the method's own code on that parameter, so both training modes compute
 * the same penalty; it adds nothing of its own but the move between DL4J arrays and lowbit's flat buffers.
 *
 * <p>DL4J copies regularizations through its configuration JSON into every worker, so the method travels as its Java
 * serialization (bound to the model, see {@link Regularizer#bind}), and the parameter as its view description. The
 * updater hands {@link #apply} a [1, n] view of DL4J's flat parameter vector, whose order is the view's C order.
 * The epoch passed to the method is fractional: epoch + (iteration within the epoch) / steps per epoch.
 */
public final class RegularizerInDl4j implements Regularization {
    @JsonProperty("method")
    private String method;
    @JsonProperty("view")
    private String view;
    @JsonProperty("kind")
    private ParamKind kind;
    @JsonProperty("shape")
    private int[] shape;
    @JsonProperty("outAxis")
    private int outAxis;
    @JsonProperty("stepsPerEpoch")
    private long stepsPerEpoch;

    private transient Regularizer regularizer;
    private transient List<ParamView> views;

    /** For DL4J's JSON. */
    public RegularizerInDl4j() {
    }

    /**
     * @param regularizer a method without evolving state ({@link Regularizer#keepsState()} false), bound to the model
     * @param weight one of the views the method acts on ({@link Regularizer#targets})
     * @param stepsPerEpoch a worker's minibatches per epoch; 0 evaluates the method's schedule at whole epochs
     */
    public RegularizerInDl4j(Regularizer regularizer, ParamView weight, long stepsPerEpoch) {
        if (regularizer.keepsState()) {
            throw new IllegalArgumentException(regularizer.name() + " keeps state between steps: DL4J's training, "
                    + "which copies it into every worker, cannot carry it");
        }
        if (stepsPerEpoch < 0) {
            throw new IllegalArgumentException("steps per epoch must be >= 0, got " + stepsPerEpoch);
        }
        this.method = serialize(regularizer);
        this.view = weight.name();
        this.kind = weight.kind();
        this.shape = weight.shape();
        this.outAxis = weight.outAxis();
        this.stepsPerEpoch = stepsPerEpoch;
    }

    /** The method this applies (a copy). */
    public Regularizer regularizer() {
        if (regularizer == null) {
            regularizer = deserialize(method);
        }
        return regularizer;
    }

    /** The parameter it acts on, at offset 0 of a buffer holding only that parameter. */
    private List<ParamView> views() {
        if (views == null) {
            views = List.of(new ParamView(view, kind, 0, shape, outAxis));
        }
        return views;
    }

    /** The method's fractional epoch at DL4J's (global) iteration count and epoch. */
    double epochAt(int iteration, int epoch) {
        return stepsPerEpoch == 0 ? epoch : epoch + (double) (iteration % stepsPerEpoch) / stepsPerEpoch;
    }

    @Override
    public ApplyStep applyStep() {
        return ApplyStep.BEFORE_UPDATER;
    }

    @Override
    public void apply(INDArray param, INDArray gradView, double lr, int iteration, int epoch) {
        float[] grad = new float[Math.toIntExact(param.length())];
        regularizer().addGradient(values(param), grad, views(), epochAt(iteration, epoch));
        Dl4jWeights.addInFlatOrder(gradView, grad);
    }

    @Override
    public double score(INDArray param, int iteration, int epoch) {
        return regularizer().addGradient(values(param), new float[Math.toIntExact(param.length())], views(),
                epochAt(iteration, epoch));
    }

    /** The method's end-of-epoch step (RVSM's w <- T(w)) on this parameter, in place. */
    public void onEpochEnd(INDArray param) {
        float[] w = values(param);
        float[] before = w.clone();
        regularizer().onEpochEnd(w, views());
        if (!Arrays.equals(before, w)) {
            Dl4jWeights.assignInFlatOrder(param, w);
        }
    }

    private float[] values(INDArray param) {
        float[] w = Dl4jWeights.inFlatOrder(param);
        if (w.length != views().get(0).length()) {
            throw new IllegalArgumentException(view + " has " + views().get(0).length() + " values, DL4J passed "
                    + w.length);
        }
        return w;
    }

    @Override
    public Regularization clone() {
        RegularizerInDl4j copy = new RegularizerInDl4j();
        copy.method = method;
        copy.view = view;
        copy.kind = kind;
        copy.shape = shape.clone();
        copy.outAxis = outAxis;
        copy.stepsPerEpoch = stepsPerEpoch;
        return copy;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RegularizerInDl4j r && method.equals(r.method) && view.equals(r.view) && kind == r.kind
                && Arrays.equals(shape, r.shape) && outAxis == r.outAxis && stepsPerEpoch == r.stepsPerEpoch;
    }

    @Override
    public int hashCode() {
        return Objects.hash(method, view, kind, Arrays.hashCode(shape), outAxis, stepsPerEpoch);
    }

    @Override
    public String toString() {
        return "RegularizerInDl4j(" + regularizer().name() + " on " + view + " " + Arrays.toString(shape)
                + ", steps per epoch " + stepsPerEpoch + ")";
    }

    private static String serialize(Regularizer r) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(r);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serialize " + r.name(), e);
        }
        return Base64.getEncoder().encodeToString(bytes.toByteArray());
    }

    private static Regularizer deserialize(String method) {
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(Base64.getDecoder().decode(method))) {
            @Override
            protected Class<?> resolveClass(ObjectStreamClass desc) throws IOException, ClassNotFoundException {
                // lowbit's loader, also where a Spark executor loads lowbit from the application jar
                return Class.forName(desc.getName(), false, RegularizerInDl4j.class.getClassLoader());
            }
        }) {
            return (Regularizer) in.readObject();
        } catch (IOException | ClassNotFoundException e) {
            throw new IllegalStateException("cannot read a lowbit method back from DL4J's configuration", e);
        }
    }
}

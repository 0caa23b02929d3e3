package lowbit.bench;

import lowbit.engine.dl4j.Dl4jNetworks;

import java.util.Arrays;
import java.util.Random;
import java.util.function.Supplier;

import lowbit.tensor.Tensor;
import lowbit.engine.dl4j.Dl4jModel;
import lowbit.model.LeNet;
import lowbit.model.MobileNetV1;
import lowbit.model.ResNet20;
import lowbit.model.SeparableBlock;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/** The benchmark models, named and sized as in ../shared/bench/pytorch/models.py (SPECS), with a random batch. */
enum BenchModel {
    LENET("lenet", "lenet", 64, new int[] {1, 28, 28}, 10, () -> Dl4jNetworks.build(LeNet.mnist(0))),
    RESNET20("resnet20", "resnet20", 128, new int[] {3, 32, 32}, 10, () -> Dl4jNetworks.build(ResNet20.cifar10(0))),
    MOBILENET("mobilenetv1_0.25_96", "mobilenetv1", 32, new int[] {1, 96, 96}, 2,
            () -> Dl4jNetworks.build(MobileNetV1.personDetection(0, SeparableBlock.ORIGINAL)));

    final String id;
    /** The zoo name whose default options are this model (see lowbit.model.ModelZoo). */
    final String zooName;
    final int batch;
    final int[] shape;
    final int classes;
    private final Supplier<Dl4jModel> factory;

    BenchModel(String id, String zooName, int batch, int[] shape, int classes, Supplier<Dl4jModel> factory) {
        this.id = id;
        this.zooName = zooName;
        this.batch = batch;
        this.shape = shape;
        this.classes = classes;
        this.factory = factory;
    }

    static BenchModel byId(String id) {
        return Arrays.stream(values()).filter(m -> m.id.equals(id) || m.name().equalsIgnoreCase(id)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown model " + id));
    }

    Dl4jModel build() {
        return factory.get();
    }

    /** Gaussian features, seeded, as an engine-neutral tensor. */
    Tensor randomFeatures() {
        Random rng = new Random(1);
        float[] x = new float[batch * shape[0] * shape[1] * shape[2]];
        for (int i = 0; i < x.length; i++) x[i] = (float) rng.nextGaussian();
        return Tensor.of(x, batch, shape[0], shape[1], shape[2]);
    }

    int[] randomLabels() {
        Random rng = new Random(2);
        int[] y = new int[batch];
        for (int i = 0; i < batch; i++) y[i] = rng.nextInt(classes);
        return y;
    }

    /** Gaussian features and one-hot labels, seeded. */
    DataSet randomBatch(ComputationGraph graph) {
        Nd4j.getRandom().setSeed(1);
        INDArray x = Nd4j.randn(graph.params().dataType(), batch, shape[0], shape[1], shape[2]);
        INDArray y = Nd4j.zeros(graph.params().dataType(), batch, classes);
        Random rng = new Random(2);
        for (int i = 0; i < batch; i++) y.putScalar(i, rng.nextInt(classes), 1.0);
        return new DataSet(x, y);
    }
}

package lowbit.train.dl4j;

import java.util.Arrays;
import lowbit.data.read.Batch;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/** lowbit's minibatches as DL4J DataSets: the same NCHW features, labels one-hot. */
public final class Dl4jDataSets {
    private Dl4jDataSets() {
    }

    public static DataSet of(Batch b, int numClasses) {
        float[] labels = new float[b.size() * numClasses];
        for (int n = 0; n < b.size(); n++) {
            labels[n * numClasses + b.labels()[n]] = 1f;
        }
        long[] shape = Arrays.stream(b.features().shape()).asLongStream().toArray();
        return new DataSet(Nd4j.create(b.features().data(), shape, 'c'),
                Nd4j.create(labels, new long[] {b.size(), numClasses}, 'c'));
    }
}

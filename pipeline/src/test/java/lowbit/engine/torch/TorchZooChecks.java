package lowbit.engine.torch;

import lowbit.engine.ModelFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;

import lowbit.engine.TrainableModel;
import lowbit.testdata.PlainSgd;
import lowbit.testing.CifarJpegBatch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Checks every torch zoo model passes: training on real images lowers the loss; save and load keep everything. */
final class TorchZooChecks {

    private TorchZooChecks() {
    }

    /** Ten plain SGD steps on 2 real CIFAR-10 JPEGs per class take the loss below 0.7 of its start; returns the batch. */
    static CifarJpegBatch sgdLowersTheLossOnCifar(TrainableModel model, float lr) throws IOException {
        CifarJpegBatch batch = CifarJpegBatch.first(2);
        double[] losses = PlainSgd.losses(model, batch.features(), batch.labels(), 10, lr);
        System.out.println(model.architecture() + ": losses on 20 CIFAR-10 images " + Arrays.toString(losses));
        assertTrue(losses[10] < 0.7 * losses[0], Arrays.toString(losses));
        return batch;
    }

    /** Saves and loads the model on the torch engine; the loaded one has the same architecture, parameters and state. */
    static TrainableModel savedAndLoaded(TrainableModel model, Path file) throws IOException {
        ModelFiles.save(model, file);
        TrainableModel loaded = ModelFiles.read(file, "torch", 1).model();
        assertEquals(model.architecture(), loaded.architecture());
        assertArrayEquals(model.parameters(), loaded.parameters());
        assertArrayEquals(model.batchNormState(), loaded.batchNormState());
        return loaded;
    }
}

package lowbit.sweep;

import com.typesafe.config.ConfigFactory;
import lowbit.config.LowbitConfig;
import lowbit.testing.TestSpark;
import lowbit.train.FashionShards;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Real sweep cells on a Fashion-MNIST subset (7,500 training and 1,250 test images): a float LeNet, then 2-bit
 * per-channel weights by PTQ of it and by QGT from it with the finish (hard quantization, then one epoch of
 * straight-through fine-tuning). QGT must beat PTQ by a wide margin and record its accuracy before quantizing.
 */
@Tag("spark")
@Tag("data")
class QgtFinishCellTest {
    @TempDir
    Path tmp;

    @Test
    void qgtWithFinishBeatsPtqAtTwoBits() {
        Path out = tmp.resolve("sweep");
        String hocon = "lowbit.train { data = \"" + FashionShards.small() + "\", mode = local, epochs = 1, batch-size = 64,\n"
                + "  max-steps-per-epoch = 80, eval-splits = [test],\n"
                + "  qgt { lambda = 300, ramp = linear, ramp-epochs = 0.5, finish-epochs = 1 } }\n"
                + "lowbit.experiment.layer-sensitivity = false\n"
                + "lowbit.sweep { name = qgt-finish, output = \"" + out + "\", parallel-cells = 1, grid = [\n"
                + "  { method = none }\n"
                + "  { product { method = [ptq, qgt] }, with { bits = 2, from { method = none, bits = null } } } ] }\n";
        SweepSpec spec = SweepSpec.from(LowbitConfig.validate(ConfigFactory.parseString(hocon)), "test");
        assertEquals(new SweepRunner.Summary(3, 0, 3, 0), new SweepRunner(TestSpark.session(), spec, new TrainingCellRunner()).run());

        Map<String, Row> byMethod = new HashMap<>();
        for (Row r : TestSpark.session().read().parquet(out.resolve("cells").toString()).collectAsList()) {
            byMethod.put(r.getAs("method"), r);
        }
        double floatAccuracy = byMethod.get("none").<Double>getAs("accuracy");
        double ptq = byMethod.get("ptq").<Double>getAs("accuracy");
        Row qgt = byMethod.get("qgt");
        double finished = qgt.<Double>getAs("accuracy");
        double beforeQuantization = qgt.<Double>getAs("accuracy_before_quantization");
        System.out.printf("2-bit LeNet on the subset: float %.4f, PTQ %.4f, QGT before hard quantization %.4f, "
                + "QGT quantized and finished %.4f%n", floatAccuracy, ptq, beforeQuantization, finished);
        assertTrue(floatAccuracy > 0.7, "the float cell learned: " + floatAccuracy);
        assertTrue(finished > ptq + 0.15, "QGT + finish " + finished + " vs PTQ " + ptq);
        assertTrue(finished > floatAccuracy - 0.08, "QGT + finish " + finished + " vs float " + floatAccuracy);
        assertEquals(finished, qgt.<Double>getAs("float_accuracy"), 1e-12, "the finished weights are already on the grid");
        assertTrue(byMethod.get("ptq").isNullAt(byMethod.get("ptq").fieldIndex("accuracy_before_quantization")));
    }
}

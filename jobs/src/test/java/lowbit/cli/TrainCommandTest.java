package lowbit.cli;

import lowbit.testing.SharedData;
import lowbit.testing.TestSpark;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** lowbit shard then lowbit train, as a user runs them, on the real Fashion-MNIST files (Spark mode, 2 workers). */
@Tag("spark")
@Tag("data")
class TrainCommandTest {
    @TempDir
    Path tmp;

    private static String run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = LowbitCli.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
        assertEquals(0, code, "lowbit " + String.join(" ", args) + "\n" + out + err);
        return out.toString();
    }

    @Test
    void helpListsTheTrainKeys() {
        String help = run("train", "--help");
        assertTrue(help.contains("qgt.lambda = 300"), help);
        assertTrue(help.contains("local-steps = 1"), help);
    }

    @Test
    void shardsAndTrainsLenetOnFashionMnist() {
        Path data = tmp.resolve("fashion-mnist");
        run("shard", "--conf", "../conf/datasets/fashion-mnist.conf", "--output", data.toString(), "--master", "local[2]",
                "input=" + SharedData.path("fashion-mnist"));
        Path output = tmp.resolve("run");
        String log = run("train", "--conf", "../conf/experiments/fashion-mnist-lenet.conf", "--data", data.toString(),
                "--output", output.toString(), "--master", "local[2]", "epochs=1", "max-steps-per-epoch=40",
                "workers=2", "local-steps=2", "eval-splits=[val]");
        assertTrue(log.contains("global batch 64 = 2 workers x 2 local steps x 16"), log);
        assertTrue(Files.isRegularFile(output.resolve("model.zip")), "model written");
        assertTrue(Files.isRegularFile(output.resolve("provenance.json")), "provenance written");
        Row summary = TestSpark.session().read().parquet(output.resolve("summary").toString()).first();
        assertEquals(40L, summary.<Long>getAs("steps"));
        assertEquals(2, summary.<Integer>getAs("workers"));
        List<Row> evals = summary.getList(summary.fieldIndex("evaluations"));
        double accuracy = evals.get(0).getAs("accuracy");
        assertTrue(accuracy > 0.5, "40 steps of 64 images beat chance by far on val: " + accuracy + "\n" + log);
        assertEquals(1, TestSpark.session().read().parquet(output.resolve("epochs").toString()).count());
    }
}

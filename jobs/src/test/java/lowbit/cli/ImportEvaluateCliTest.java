package lowbit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import lowbit.testing.TestSpark;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** lowbit import of the published MLPerf Tiny person detector, then lowbit evaluate on the 1,000 real VWW images. */
@Tag("spark")
@Tag("data")
class ImportEvaluateCliTest {

    static final Path VWW_H5 = PublishedPersonDetector.H5;

    @TempDir
    static Path tmp;
    static Path shards;
    static Path imported;

    @BeforeAll
    static void shardAndImport() {
        shards = PublishedPersonDetector.shard(tmp.resolve("vww"));
        imported = tmp.resolve("pd");
        CliRun run = PublishedPersonDetector.importInto(imported);
        assertTrue(run.out().contains("bias=true") && run.out().contains("padding=same"), run.out());
    }

    @Test
    void evaluatesPerSplitAndOverAllWithIntervalsPerClassRecallAndPredictions() throws Exception {
        Path predictions = tmp.resolve("predictions");
        CliRun run = CliRun.of("evaluate", "--model", imported.resolve("model.zip").toString(), "--data", shards.toString(),
                "--splits", "all", "--json", "--predictions", predictions.toString());
        assertEquals(0, run.exitCode(), run.out() + run.err());
        JsonNode doc = new ObjectMapper().readTree(run.out().lines().filter(l -> l.startsWith("{")).findFirst().orElseThrow());
        JsonNode all = doc.get("all");
        assertEquals(1000, all.get("examples").asInt());
        assertEquals(853, all.get("correct").asInt(), "the published model's 85.3 % on the 1,000 images");
        assertEquals(2, doc.get("splits").size());
        JsonNode person = all.get("classes").get(1);
        assertEquals("person", person.get("class").asText());
        assertEquals(500, person.get("examples").asInt());
        double low = all.get("interval95").get(0).asDouble();
        double high = all.get("interval95").get(1).asDouble();
        assertTrue(low < 0.853 && 0.853 < high && high - low < 0.05, low + " - " + high);

        Dataset<Row> table = TestSpark.session().read().parquet(predictions.toString());
        assertEquals(1000, table.count());
        assertEquals(853, table.filter("correct").count());
        assertEquals(1000, table.filter("size(probabilities) = 2").count());
        assertEquals(2, table.select("split").distinct().count());

        CliRun text = CliRun.of("evaluate", "--model", imported.resolve("model.zip").toString(), "--data", shards.toString());
        assertEquals(0, text.exitCode(), text.err());
        assertTrue(text.out().contains("test: ") && text.out().contains("person") && text.out().contains("95 % interval"), text.out());
    }

    @Test
    void badInputIsAnErrorNamingItWithExitCode2() throws Exception {
        CliRun missing = CliRun.of("import", "--format", "keras-h5", "--input", tmp.resolve("none.h5").toString(), "--output", tmp.resolve("x").toString());
        assertEquals(2, missing.exitCode());
        assertTrue(missing.err().contains("none.h5"), missing.err());
        Path truncated = Files.write(tmp.resolve("half.h5"), java.util.Arrays.copyOf(Files.readAllBytes(VWW_H5), 100_000));
        CliRun broken = CliRun.of("import", "--format", "keras-h5", "--input", truncated.toString(), "--output", tmp.resolve("y").toString());
        assertEquals(2, broken.exitCode());
        assertTrue(broken.err().contains("half.h5"), broken.err());
        CliRun classes = CliRun.of("import", "--format", "keras-h5", "--input", VWW_H5.toString(), "--output", tmp.resolve("z").toString(),
                "--classes", "cat,dog,bird");
        assertEquals(2, classes.exitCode());
        assertTrue(classes.err().contains("3 classes"), classes.err());
        CliRun notAModel = CliRun.of("evaluate", "--model", VWW_H5.toString(), "--data", shards.toString());
        assertEquals(2, notAModel.exitCode());
        assertTrue(notAModel.err().contains(VWW_H5.getFileName().toString()), notAModel.err());
        CliRun noSplit = CliRun.of("evaluate", "--model", imported.resolve("model.zip").toString(), "--data", shards.toString(), "--splits", "val");
        assertEquals(2, noSplit.exitCode());
        assertTrue(noSplit.err().contains("no split 'val'"), noSplit.err());
    }
}

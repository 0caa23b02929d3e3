package lowbit.train;

import lowbit.train.job.TrainJob;
import com.fasterxml.jackson.databind.JsonNode;
import lowbit.config.LowbitConfig;
import lowbit.data.shard.Manifest;
import lowbit.testing.Shard;
import lowbit.testing.SharedData;
import lowbit.testing.TestSpark;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Shards and results on HDFS (Hadoop's MiniDFSCluster, a name node and a data node in this JVM): real Fashion-MNIST
 * test images sharded to hdfs://, LeNet trained by Spark from those shards with its results written to hdfs://, a
 * crash after the first epoch resumed from the checkpoint on HDFS, and the tables read back from HDFS.
 */
@Tag("spark")
@Tag("data")
class HdfsRoundTripTest {
    @TempDir
    Path tmp;

    private static final class Crash extends RuntimeException {
    }

    private static TrainSpec spec(String data, String... extra) {
        List<String> settings = new ArrayList<>(List.of("data=" + data, "mode=spark", "workers=2", "epochs=2",
                "max-steps-per-epoch=5", "batch-size=32", "methods=[qgt]", "qgt.lambda=5", "qgt.finish-epochs=0"));
        settings.addAll(List.of(extra));
        return TrainSpec.from(LowbitConfig.load(null, settings, "train"));
    }

    @Test
    void shardsAndTrainResultsLiveOnHdfs() throws Exception {
        Configuration conf = new Configuration();
        conf.setInt("dfs.replication", 1);
        MiniDFSCluster hdfs = new MiniDFSCluster.Builder(conf, tmp.resolve("dfs").toFile()).numDataNodes(1).build();
        try {
            String root = hdfs.getURI().toString();
            String data = root + "/lowbit/fashion-mnist";
            Manifest manifest = Shard.run("idx", SharedData.fashionMnistTestIdx(tmp.resolve("idx")), data, "split.mode=hash");
            assertEquals(10_000L, manifest.records());
            FileSystem fs = hdfs.getFileSystem();
            assertTrue(fs.exists(new org.apache.hadoop.fs.Path("/lowbit/fashion-mnist/_manifest.json")), "dataset on HDFS");

            SparkSession spark = TestSpark.session();
            String run = root + "/lowbit/runs/lenet";
            assertThrows(Crash.class, () -> TrainJob.run(spark, spec(data), RunOutput.of(run), line -> { }, state -> {
                throw new Crash();
            }));
            assertTrue(fs.exists(new org.apache.hadoop.fs.Path("/lowbit/runs/lenet/" + Checkpoint.FILE)), "checkpoint on HDFS");
            assertFalse(fs.exists(new org.apache.hadoop.fs.Path("/lowbit/runs/lenet/" + TrainJob.MODEL_FILE)), "no model yet");
            TrainSummary summary = TrainJob.run(spark, spec(data, "resume=true"), RunOutput.of(run), System.out::println);

            assertEquals(10L, summary.steps());
            assertEquals(2, spark.read().parquet(run + "/" + TrainTables.EPOCHS).count());
            Row row = spark.read().parquet(run + "/" + TrainTables.SUMMARY).first();
            List<Row> evals = row.getList(row.fieldIndex("evaluations"));
            assertEquals(summary.evaluations().get(0).accuracy(), evals.get(0).<Double>getAs("accuracy"));
            assertTrue(summary.evaluations().get(0).accuracy() > 0.2, "10 steps of LeNet beat chance: " + summary.evaluations());
            try (InputStream in = fs.open(new org.apache.hadoop.fs.Path("/lowbit/runs/lenet/" + Provenance.FILE))) {
                JsonNode provenance = Manifest.JSON.readTree(in);
                assertEquals(1, provenance.get("resumed_after_epoch").asInt());
                assertEquals(data, provenance.get("dataset").asText());
            }
            assertTrue(fs.getFileStatus(new org.apache.hadoop.fs.Path("/lowbit/runs/lenet/" + TrainJob.MODEL_FILE)).getLen() > 100_000,
                    "model.zip on HDFS");
            assertFalse(fs.exists(new org.apache.hadoop.fs.Path("/lowbit/runs/lenet/." + TrainJob.MODEL_FILE + ".tmp")), "no leftovers");
        } finally {
            hdfs.shutdown();
        }
    }
}

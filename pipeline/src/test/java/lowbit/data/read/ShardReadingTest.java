package lowbit.data.read;

import lowbit.train.dl4j.ParquetDataSetIterator;
import lowbit.data.shard.Manifest;
import lowbit.testing.Shard;
import lowbit.testing.SharedData;
import lowbit.testing.TestSpark;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.dataset.DataSet;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Source -> Parquet -> iterator returns the same pixels and labels, on the real CIFAR-10 binary sample. */
@Tag("spark")
@Tag("data")
class ShardReadingTest {
    private static final int RECORD = 3073;

    @TempDir
    static Path tmp;
    static Path dataset;
    static byte[] source;

    @BeforeAll
    static void shard() throws Exception {
        dataset = tmp.resolve("cifar");
        Shard.run("cifar10-bin", SharedData.path("cifar10-bin"), dataset, "shards=4");
        source = Files.readAllBytes(SharedData.path("cifar10-bin/test_sample.bin"));
    }

    /** Maps each batch row back to its source record by content. */
    private static Map<String, Integer> recordsByPixels() {
        Map<String, Integer> byPixels = new HashMap<>();
        for (int i = 0; i < source.length / RECORD; i++) {
            StringBuilder key = new StringBuilder();
            for (int j = 1; j < RECORD; j++) {
                key.append((char) (source[i * RECORD + j] & 0xff));
            }
            byPixels.put(key.toString(), i);
        }
        return byPixels;
    }

    private static List<Integer> order(Iterator<DataSet> batches, int[] batchSizes) {
        Map<String, Integer> byPixels = recordsByPixels();
        List<Integer> order = new ArrayList<>();
        int b = 0;
        while (batches.hasNext()) {
            DataSet ds = batches.next();
            float[] f = ds.getFeatures().data().asFloat();
            float[] labels = ds.getLabels().data().asFloat();
            int n = (int) ds.getFeatures().size(0);
            if (batchSizes != null) {
                batchSizes[b++] = n;
            }
            for (int i = 0; i < n; i++) {
                StringBuilder key = new StringBuilder();
                for (int j = 0; j < 3072; j++) {
                    key.append((char) Math.round(f[i * 3072 + j] * 255f));
                }
                Integer record = byPixels.get(key.toString());
                assertTrue(record != null, "a batch row matches a source record exactly");
                assertEquals(1f, labels[i * 10 + (source[record * RECORD] & 0xff)], "one-hot label of record " + record);
                order.add(record);
            }
        }
        return order;
    }

    @Test
    void iteratorReturnsEveryRecordOnceWithItsPixelsAndLabel() {
        ParquetDataSetIterator it = new ParquetDataSetIterator(dataset.toString(), "test",
                new ReadOptions(16, 8, 42, Normalization.UNIT, Augmentation.NONE));
        int[] sizes = new int[4];
        List<Integer> epoch0 = order(it, sizes);
        assertArrayEquals(new int[]{16, 16, 16, 2}, sizes);
        assertEquals(50, epoch0.size());
        assertEquals(50, new java.util.HashSet<>(epoch0).size());
        assertEquals(10, it.totalOutcomes());
        assertEquals(3072, it.inputColumns());

        it.reset();
        List<Integer> epoch1 = order(it, null);
        assertNotEquals(epoch0, epoch1, "each epoch is shuffled anew");

        ParquetDataSetIterator again = new ParquetDataSetIterator(dataset.toString(), "test",
                new ReadOptions(16, 8, 42, Normalization.UNIT, Augmentation.NONE));
        assertEquals(epoch0, order(again, null), "the same seed gives the same order");
        again.setEpoch(1);
        assertEquals(epoch1, order(again, null));
    }

    @Test
    void meanStdNormalizationUsesTheManifestStatistics() {
        Manifest manifest = Manifest.read(dataset.toString());
        assertEquals(null, manifest.trainStats(), "the sample has no train split");
        Normalization norm = Normalization.meanStd(new double[]{0.5, 0.4, 0.3}, new double[]{0.25, 0.2, 0.1});
        DataSet ds = new ParquetDataSetIterator(dataset.toString(), "test", ReadOptions.evaluation(50, norm)).next();
        DataSet unit = new ParquetDataSetIterator(dataset.toString(), "test", ReadOptions.evaluation(50, Normalization.UNIT)).next();
        float[] f = ds.getFeatures().data().asFloat();
        float[] u = unit.getFeatures().data().asFloat();
        for (int i = 0; i < f.length; i += 97) {
            int channel = (i / 1024) % 3;
            assertEquals((u[i] - new double[]{0.5, 0.4, 0.3}[channel]) / new double[]{0.25, 0.2, 0.1}[channel], f[i], 1e-5);
        }
    }

    @Test
    void augmentationCropsWithinThePaddingAndFlips() {
        DataSet plain = new ParquetDataSetIterator(dataset.toString(), "test", ReadOptions.evaluation(50, Normalization.UNIT)).next();
        DataSet augmented = new ParquetDataSetIterator(dataset.toString(), "test",
                new ReadOptions(50, 0, 1, Normalization.UNIT, new Augmentation(4, true))).next();
        float[] p = plain.getFeatures().data().asFloat();
        float[] a = augmented.getFeatures().data().asFloat();
        int changed = 0;
        for (int n = 0; n < 50; n++) {
            boolean found = false;
            for (int dy = -4; dy <= 4 && !found; dy++) {
                for (int dx = -4; dx <= 4 && !found; dx++) {
                    for (boolean flip : new boolean[]{false, true}) {
                        if (matches(p, a, n, dy, dx, flip)) {
                            found = true;
                            changed += dy != 0 || dx != 0 || flip ? 1 : 0;
                            break;
                        }
                    }
                }
            }
            assertTrue(found, "image " + n + " is a padded crop (and maybe flip) of the original");
        }
        assertTrue(changed > 40, "most images moved or flipped: " + changed);
    }

    private static boolean matches(float[] p, float[] a, int n, int dy, int dx, boolean flip) {
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < 32; y++) {
                for (int x = 0; x < 32; x++) {
                    int sy = y + dy;
                    int sx = (flip ? 31 - x : x) + dx;
                    float expected = sy < 0 || sy >= 32 || sx < 0 || sx >= 32 ? 0f : p[n * 3072 + c * 1024 + sy * 32 + sx];
                    if (a[n * 3072 + c * 1024 + y * 32 + x] != expected) {
                        return false;
                    }
                }
            }
        }
        return true;
    }

    @Test
    void sparkPartitionsBatchTheSameRecords() {
        List<Integer> counts = TestSpark.session().read().parquet(dataset.resolve("data").toString())
                .where("split = 'test'").javaRDD()
                .mapPartitionsWithIndex((index, rows) -> {
                    Iterator<lowbit.data.read.Batch> batches = PartitionBatches.batches(rows, 10,
                            new ReadOptions(8, 4, 3, Normalization.UNIT, Augmentation.NONE), 0, index);
                    int n = 0;
                    while (batches.hasNext()) {
                        n += batches.next().size();
                    }
                    return List.of(n).iterator();
                }, false).collect();
        assertEquals(50, counts.stream().mapToInt(Integer::intValue).sum());
        List<Row> rows = TestSpark.session().read().parquet(dataset.resolve("data").toString()).collectAsList();
        assertEquals(50, rows.size());
    }
}

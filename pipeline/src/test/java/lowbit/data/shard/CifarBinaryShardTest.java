package lowbit.data.shard;

import lowbit.LowbitException;
import lowbit.data.read.ImageExample;
import lowbit.data.read.ShardFiles;
import lowbit.testing.Shard;
import lowbit.testing.SharedData;
import lowbit.testing.TestSpark;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Tag("spark")
@Tag("data")
class CifarBinaryShardTest {
    private static final int RECORD = 3073;

    @TempDir
    Path tmp;

    @Test
    void pixelsAndLabelsMatchTheBinaryFileByteForByte() throws IOException {
        Path input = SharedData.path("cifar10-bin");
        Manifest manifest = Shard.run("cifar10-bin", input, tmp.resolve("out"), "shards=3");

        byte[] file = Files.readAllBytes(input.resolve("test_sample.bin"));
        int records = file.length / RECORD;
        assertEquals(records, manifest.records());
        assertEquals(records, manifest.splits().get("test").records());
        assertEquals(Files.readAllLines(input.resolve("batches.meta.txt")).stream().filter(l -> !l.isBlank()).toList(),
                manifest.classes());
        assertEquals(new Manifest.Shape(3, 32, 32), manifest.shape());

        Map<String, ImageExample> byId = new HashMap<>();
        ShardFiles.read(ShardFiles.of(tmp.resolve("out").toString(), "test")).forEachRemaining(e -> byId.put(e.id(), e));
        assertEquals(records, byId.size());
        for (int i = 0; i < records; i++) {
            ImageExample e = byId.get("test_sample.bin:" + i);
            assertEquals(file[i * RECORD] & 0xff, e.label(), "label of record " + i);
            byte[] expected = new byte[RECORD - 1];
            System.arraycopy(file, i * RECORD + 1, expected, 0, RECORD - 1);
            assertArrayEquals(expected, e.pixels(), "pixels of record " + i);
        }
        assertEquals(3, ShardFiles.of(tmp.resolve("out").toString(), "test").size());
    }

    @Test
    void truncatedFileIsAnErrorNamingTheFile() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("cifar"));
        byte[] file = Files.readAllBytes(SharedData.path("cifar10-bin/test_sample.bin"));
        Files.write(dir.resolve("data_batch_1.bin"), java.util.Arrays.copyOf(file, file.length - 100));
        Files.copy(SharedData.path("cifar10-bin/batches.meta.txt"), dir.resolve("batches.meta.txt"));

        LowbitException e = assertThrows(LowbitException.class, () -> Shard.run("cifar10-bin", dir, tmp.resolve("out")));
        assertTrue(e.getMessage().contains("data_batch_1.bin"), e.getMessage());
        assertTrue(e.getMessage().contains("not a whole number of 3073-byte"), e.getMessage());
        assertFalse(Files.exists(tmp.resolve("out")));
    }

    @Test
    void labelOutOfRangeIsQuarantinedAndTooManyFailTheJobWritingNothing() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("cifar"));
        byte[] file = Files.readAllBytes(SharedData.path("cifar10-bin/test_sample.bin"));
        file[3 * RECORD] = 12;
        Files.write(dir.resolve("test_batch.bin"), file);
        Files.copy(SharedData.path("cifar10-bin/batches.meta.txt"), dir.resolve("batches.meta.txt"));

        LowbitException tooMany = assertThrows(LowbitException.class, () -> Shard.run("cifar10-bin", dir, tmp.resolve("out")));
        assertTrue(tooMany.getMessage().contains("1 of 50 records"), tooMany.getMessage());
        assertTrue(tooMany.getMessage().contains("label 12 out of range 0..9"), tooMany.getMessage());
        assertFalse(Files.exists(tmp.resolve("out")));
        try (var left = Files.list(tmp)) {
            assertEquals(List.of("cifar"), left.map(p -> p.getFileName().toString()).toList(), "no staging folder is left");
        }

        Manifest manifest = Shard.run("cifar10-bin", dir, tmp.resolve("out"), "max-quarantine-fraction=0.05");
        assertEquals(49, manifest.records());
        assertEquals(1, manifest.quarantine().records());
        assertEquals(Map.of("label 12 out of range 0..9", 1L), manifest.quarantine().reasons());
        List<Row> quarantine = TestSpark.session().read().parquet(tmp.resolve("out/quarantine").toString()).collectAsList();
        assertEquals(1, quarantine.size());
        assertEquals("test_batch.bin:3", quarantine.get(0).getAs("source"));
    }

    @Test
    void cifar100KeepsCoarseAndFineLabels() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("cifar-100-binary"));
        byte[] cifar10 = Files.readAllBytes(SharedData.path("cifar10-bin/test_sample.bin"));
        int n = cifar10.length / RECORD;
        byte[] file = new byte[n * (RECORD + 1)];
        for (int i = 0; i < n; i++) {
            int fine = (i * 7) % 100;
            file[i * (RECORD + 1)] = (byte) (fine / 5);
            file[i * (RECORD + 1) + 1] = (byte) fine;
            System.arraycopy(cifar10, i * RECORD + 1, file, i * (RECORD + 1) + 2, RECORD - 1);
        }
        Files.write(dir.resolve("train.bin"), file);
        List<String> fineNames = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            fineNames.add("fine" + i);
        }
        Files.write(dir.resolve("fine_label_names.txt"), fineNames);

        Manifest manifest = Shard.run("cifar100-bin", dir, tmp.resolve("out"));
        assertEquals(n, manifest.splits().get("train").records());
        List<Row> rows = TestSpark.session().read().parquet(tmp.resolve("out/data").toString())
                .select("id", "label", "coarse_label", "label_name").collectAsList();
        for (Row r : rows) {
            int i = Integer.parseInt(r.getString(0).substring("train.bin:".length()));
            assertEquals((i * 7) % 100, r.getInt(1));
            assertEquals((i * 7) % 100 / 5, r.getInt(2));
            assertEquals("fine" + (i * 7) % 100, r.getString(3));
        }
    }

    @Test
    void existingDatasetIsRefusedUnlessOverwrite() {
        Path input = SharedData.path("cifar10-bin");
        Path out = tmp.resolve("out");
        Shard.run("cifar10-bin", input, out);
        LowbitException e = assertThrows(LowbitException.class, () -> Shard.run("cifar10-bin", input, out));
        assertTrue(e.getMessage().contains("already holds a dataset; pass --overwrite"), e.getMessage());
        Manifest replaced = Shard.run("cifar10-bin", input, out, "overwrite=true", "seed=7");
        assertEquals(7, Manifest.read(out.toString()).seed());
        assertEquals(replaced.records(), Manifest.read(out.toString()).records());
    }

    @Test
    void missingInputIsAnErrorNamingThePath() {
        Path missing = tmp.resolve("nowhere");
        LowbitException e = assertThrows(LowbitException.class, () -> Shard.run("cifar10-bin", missing, tmp.resolve("out")));
        assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
    }

    @Test
    void outputHoldingSomethingElseIsNeverReplaced() throws IOException {
        Path out = Files.createDirectories(tmp.resolve("precious"));
        Files.writeString(out.resolve("notes.txt"), "keep me");
        LowbitException e = assertThrows(LowbitException.class,
                () -> Shard.run("cifar10-bin", SharedData.path("cifar10-bin"), out, "overwrite=true"));
        assertTrue(e.getMessage().contains("is not a lowbit dataset"), e.getMessage());
        assertEquals("keep me", Files.readString(out.resolve("notes.txt")));
    }
}

package lowbit.data.shard;

import lowbit.LowbitException;
import lowbit.data.read.ImageExample;
import lowbit.data.source.ClassFolderSource;
import lowbit.testing.CifarJpegTrees;
import lowbit.testing.Shard;
import lowbit.testing.TestSpark;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Tar archives as input of the folders source: records read from the archive stream, ids as if unpacked. */
@Tag("spark")
@Tag("data")
class TarArchiveShardTest {
    private static final List<String> CLASSES = List.of("airplane", "cat", "ship");

    @TempDir
    Path tmp;

    @Test
    void archivesShardToTheSameRecordsAsTheUnpackedFolders() throws IOException {
        Path unpacked = tmp.resolve("unpacked");
        List<String> train = CifarJpegTrees.copy(unpacked, "train", CLASSES, 0, 4);
        List<String> test = CifarJpegTrees.copy(unpacked, "test", CLASSES, 500, 2);

        // The shared CIFAR-10 layout: test/ as plain folders beside train.tar.gz
        Path mixed = tmp.resolve("mixed");
        CifarJpegTrees.copy(mixed, "test", CLASSES, 500, 2);
        CifarJpegTrees.tar(mixed.resolve("train.tar.gz"), CifarJpegTrees.entries(unpacked, train, ""));
        // One uncompressed archive of everything, as `tar cf all.tar .` writes it
        Path single = tmp.resolve("all.tar");
        Map<String, byte[]> all = CifarJpegTrees.entries(unpacked, test, "./");
        all.putAll(CifarJpegTrees.entries(unpacked, train, "./"));
        CifarJpegTrees.tar(single, all);

        Manifest expected = Shard.run("folders", unpacked, tmp.resolve("out-unpacked"), "split.val-from-train=0.25");
        Map<String, String> expectedRecords = records(tmp.resolve("out-unpacked"), expected);
        assertEquals(18, expectedRecords.size());
        for (Path input : List.of(mixed, single)) {
            Path out = tmp.resolve("out-" + input.getFileName());
            Manifest manifest = Shard.run("folders", input, out, "split.val-from-train=0.25");
            assertEquals(expected.classes(), manifest.classes(), input.toString());
            assertEquals(expected.splits(), manifest.splits(), input.toString());
            assertEquals(expectedRecords, records(out, manifest), "ids, splits, labels and pixels of " + input);
        }
        // 12 archived images at 3 a task: four units, each inflating the archive and decoding every fourth image
        Manifest inParts = Shard.run("folders", mixed, tmp.resolve("out-parts"), "split.val-from-train=0.25",
                "records-per-task=3");
        assertEquals(expected.splits(), inParts.splits());
        assertEquals(expectedRecords, records(tmp.resolve("out-parts"), inParts), "an archive read in parts");
    }

    /** The shared CIFAR-10 layout in small: test/ with one image per class beside train.tar.gz. */
    private Path testFolderBesideTrainArchive(int trainPerClass) throws IOException {
        return testFolderBesideTrainArchive(trainPerClass, "train.tar.gz");
    }

    private Path testFolderBesideTrainArchive(int trainPerClass, String archiveName) throws IOException {
        Path root = tmp.resolve("cifar");
        CifarJpegTrees.copy(root, "test", CLASSES, 0, 1);
        Path staging = tmp.resolve("staging");
        Path archive = root.resolve(archiveName);
        CifarJpegTrees.tar(archive, CifarJpegTrees.entries(staging, CifarJpegTrees.copy(staging, "train", CLASSES, 0, trainPerClass), ""));
        return archive;
    }

    @Test
    void theFingerprintCoversTheArchivesBytesNotItsTimes() throws IOException {
        // uncompressed, so that a flipped bit in an image's bytes leaves a readable archive (in a .tar.gz it breaks the
        // gzip checksum, and the archive's listing may fail before any fingerprint)
        Path archive = testFolderBesideTrainArchive(2, "train.tar");
        Path root = archive.getParent();

        String before = fingerprint(root);
        assertEquals(before, fingerprint(root), "stable while nothing changes");
        Files.setLastModifiedTime(archive, FileTime.fromMillis(Files.getLastModifiedTime(archive).toMillis() - 60_000));
        assertEquals(before, fingerprint(root), "a copy that resets the modification time is the same dataset");
        byte[] bytes = Files.readAllBytes(archive);
        bytes[512 + 10] ^= 1; // the first image's eleventh byte, after its 512-byte tar header
        FileTime time = Files.getLastModifiedTime(archive);
        Files.write(archive, bytes);
        Files.setLastModifiedTime(archive, time);
        assertNotEquals(before, fingerprint(root), "one flipped bit at the same size");
        Files.write(archive, Arrays.copyOf(bytes, bytes.length + 1));
        assertNotEquals(before, fingerprint(root), "the archive's size");
    }

    @Test
    void damagedEntriesAreQuarantinedWithTheirReason() throws IOException {
        Path staging = tmp.resolve("staging");
        Map<String, byte[]> entries = new LinkedHashMap<>(CifarJpegTrees.entries(staging,
                CifarJpegTrees.copy(staging, "", CLASSES, 0, 6), ""));
        byte[] jpeg = Files.readAllBytes(CifarJpegTrees.jpegs("cat", 10, 1).get(0));
        entries.put("cat/empty.jpg", new byte[0]);
        entries.put("cat/garbage.jpg", "not an image at all".getBytes());
        entries.put("ship/cut.jpg", Arrays.copyOf(jpeg, 20));
        entries.put("ship/notes.txt", "not an image name: skipped as in a folder".getBytes());
        Path archive = tmp.resolve("flat.tgz");
        CifarJpegTrees.tar(archive, entries);

        Manifest manifest = Shard.run("folders", archive, tmp.resolve("out"), "max-quarantine-fraction=0.5");
        assertEquals(CLASSES, manifest.classes(), "a single archive of class folders: the flat layout");
        assertEquals(18, manifest.records());
        assertEquals(3, manifest.quarantine().records());
        Map<String, String> quarantined = new TreeMap<>();
        for (Row row : TestSpark.session().read().parquet(tmp.resolve("out/quarantine").toString()).collectAsList()) {
            quarantined.put(row.getAs("source"), row.getAs("reason"));
        }
        assertEquals(List.of("cat/empty.jpg", "cat/garbage.jpg", "ship/cut.jpg"), new ArrayList<>(quarantined.keySet()));
        assertEquals("empty file (0 bytes) (in flat.tgz)", quarantined.get("cat/empty.jpg"));
        assertEquals("not a JPEG, PNG or BMP image (no decoder recognises its 19 bytes) (in flat.tgz)",
                quarantined.get("cat/garbage.jpg"));
        String cut = quarantined.get("ship/cut.jpg");
        assertTrue(cut.startsWith("cannot decode") && cut.endsWith("(in flat.tgz)"), cut);
    }

    @Test
    void aTruncatedArchiveIsAnErrorNamingIt() throws IOException {
        Path archive = testFolderBesideTrainArchive(20);
        Path root = archive.getParent();
        byte[] bytes = Files.readAllBytes(archive);
        Files.write(archive, Arrays.copyOf(bytes, bytes.length / 2));

        LowbitException e = assertThrows(LowbitException.class, () -> Shard.run("folders", root, tmp.resolve("out")));
        assertTrue(e.getMessage().startsWith("damaged tar archive "), e.getMessage());
        assertTrue(e.getMessage().contains("train.tar.gz after entry train/"), e.getMessage());
        assertFalse(Files.exists(tmp.resolve("out")));
    }

    @Test
    void anImageBothUnpackedAndArchivedIsAnError() throws IOException {
        Path root = tmp.resolve("cifar");
        List<String> train = CifarJpegTrees.copy(root, "train", CLASSES, 0, 2);
        CifarJpegTrees.tar(root.resolve("train.tar"), CifarJpegTrees.entries(root, train, ""));
        LowbitException e = assertThrows(LowbitException.class,
                () -> new ClassFolderSource(root.toString(), List.of(), 100).plan());
        assertTrue(e.getMessage().contains("train/airplane/0000.jpg is both a file in"), e.getMessage());
    }

    private static String fingerprint(Path root) {
        return new ClassFolderSource(root.toString(), List.of(), 100).plan().fingerprint();
    }

    /** id -> split, label and pixels (hex of a hash would hide which byte differs: keep them whole). */
    private static Map<String, String> records(Path dataset, Manifest manifest) {
        Map<String, String> records = new TreeMap<>();
        for (String split : manifest.splits().keySet()) {
            for (ImageExample e : SplitFolderShardTest.read(dataset, split).values()) {
                records.put(e.id(), split + " " + e.label() + " " + e.channels() + "x" + e.height() + "x" + e.width()
                        + " " + Arrays.toString(e.pixels()));
            }
        }
        return records;
    }
}

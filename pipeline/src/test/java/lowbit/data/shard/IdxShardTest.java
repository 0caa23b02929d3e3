package lowbit.data.shard;

import lowbit.LowbitException;
import lowbit.data.read.ImageExample;
import lowbit.data.read.ShardFiles;
import lowbit.testing.Shard;
import lowbit.testing.SharedData;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Tag("spark")
@Tag("data")
class IdxShardTest {
    @TempDir
    Path tmp;

    @Test
    void allOfFashionMnistRoundTrips() throws IOException {
        Path input = SharedData.path("fashion-mnist");
        Manifest manifest = Shard.run("idx", input, tmp.resolve("fmnist"), "shards=4");

        assertEquals(70_000, manifest.records());
        assertEquals(60_000, manifest.splits().get("train").records());
        assertEquals(10_000, manifest.splits().get("test").records());
        manifest.splits().get("train").perClass().values().forEach(n -> assertEquals(6_000L, n));
        manifest.splits().get("test").perClass().values().forEach(n -> assertEquals(1_000L, n));
        assertEquals(new Manifest.Shape(1, 28, 28), manifest.shape());
        assertEquals(0, manifest.quarantine().records());
        assertEquals(0.286, manifest.trainStats().mean()[0], 0.001, "Fashion-MNIST's well-known train mean");
        assertEquals(0.353, manifest.trainStats().std()[0], 0.001, "Fashion-MNIST's well-known train std");

        byte[] images = gunzip(input.resolve("t10k-images-idx3-ubyte.gz"));
        byte[] labels = gunzip(input.resolve("t10k-labels-idx1-ubyte.gz"));
        int[] seen = {0};
        ShardFiles.read(ShardFiles.of(tmp.resolve("fmnist").toString(), "test")).forEachRemaining(e -> {
            int i = Integer.parseInt(e.id().substring(e.id().indexOf(':') + 1));
            byte[] expected = new byte[784];
            System.arraycopy(images, 16 + i * 784, expected, 0, 784);
            assertArrayEquals(expected, e.pixels(), e.id());
            assertEquals(labels[8 + i], e.label(), e.id());
            seen[0]++;
        });
        assertEquals(10_000, seen[0]);
    }

    @Test
    void wrongMagicNumberIsAnErrorNamingTheFile() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("idx"));
        Files.write(dir.resolve("train-images-idx3-ubyte"), idx(0x00000801, new int[]{2, 2, 2}, 8));
        Files.write(dir.resolve("train-labels-idx1-ubyte"), idx(0x00000801, new int[]{2}, 2));
        LowbitException e = assertThrows(LowbitException.class, () -> Shard.run("idx", dir, tmp.resolve("out")));
        assertTrue(e.getMessage().contains("train-images-idx3-ubyte: wrong IDX magic number 0x00000801"), e.getMessage());
    }

    @Test
    void countThatDoesNotMatchTheFileIsAnError() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("idx"));
        Files.write(dir.resolve("train-images-idx3-ubyte"), idx(0x00000803, new int[]{3, 2, 2}, 8));
        Files.write(dir.resolve("train-labels-idx1-ubyte"), idx(0x00000801, new int[]{3}, 3));
        LowbitException e = assertThrows(LowbitException.class, () -> Shard.run("idx", dir, tmp.resolve("out")));
        assertTrue(e.getMessage().contains("train-images-idx3-ubyte: header says 3 items of 4 bytes (12 bytes) but the file holds 8"),
                e.getMessage());

        Files.write(dir.resolve("train-images-idx3-ubyte"), idx(0x00000803, new int[]{3, 2, 2}, 16));
        LowbitException longer = assertThrows(LowbitException.class, () -> Shard.run("idx", dir, tmp.resolve("out")));
        assertTrue(longer.getMessage().contains("train-images-idx3-ubyte: header says 3 items of 4 bytes (12 bytes) but the file holds 16"),
                longer.getMessage());
        assertTrue(Files.notExists(tmp.resolve("out")), "nothing published");

        Files.write(dir.resolve("train-images-idx3-ubyte"), idx(0x00000803, new int[]{2, 2, 2}, 8));
        LowbitException mismatch = assertThrows(LowbitException.class, () -> Shard.run("idx", dir, tmp.resolve("out")));
        assertTrue(mismatch.getMessage().contains("holds 3 labels but"), mismatch.getMessage());
    }

    private static byte[] idx(int magic, int[] dims, int dataBytes) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(magic);
        for (int d : dims) {
            out.writeInt(d);
        }
        for (int i = 0; i < dataBytes; i++) {
            out.writeByte(i % 2);
        }
        return bytes.toByteArray();
    }

    static byte[] gunzip(Path file) throws IOException {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
            return in.readAllBytes();
        }
    }

}

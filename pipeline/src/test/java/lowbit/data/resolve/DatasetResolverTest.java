package lowbit.data.resolve;

import com.sun.net.httpserver.HttpServer;
import lowbit.LowbitException;
import lowbit.testing.SharedData;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Downloads from a server on loopback that serves the real Fashion-MNIST files, or a corrupted one. */
@Tag("data")
class DatasetResolverTest {
    /** As shipped, but with Debian's folder moved aside, so a machine with the package still downloads. */
    private static final KnownDataset FMNIST = new KnownDataset(KnownDataset.FASHION_MNIST.name(),
            KnownDataset.FASHION_MNIST.files(), KnownDataset.FASHION_MNIST.contentSha256(), "/nonexistent/fashion-mnist");

    @TempDir
    Path tmp;

    private HttpServer server;
    private final AtomicInteger requests = new AtomicInteger();

    private String serve(Set<String> corrupted) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            requests.incrementAndGet();
            String name = exchange.getRequestURI().getPath().substring(1);
            Path file = SharedData.path("fashion-mnist").resolve(name);
            if (!Files.isRegularFile(file)) {
                exchange.sendResponseHeaders(404, -1);
                exchange.close();
                return;
            }
            byte[] body = Files.readAllBytes(file);
            if (corrupted.contains(name)) {
                body = Arrays.copyOf(body, body.length);
                body[body.length / 2] ^= 0x55;
            }
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void downloadsAndVerifiesTheOfficialFilesOnce() throws IOException {
        String url = serve(Set.of());
        Path cache = tmp.resolve("cache");
        Path dir = new DatasetResolver("", null, cache, url).resolve(FMNIST);
        assertEquals(cache.resolve("fashion-mnist"), dir);
        for (String f : FMNIST.files()) {
            assertArrayEquals(Files.readAllBytes(SharedData.path("fashion-mnist").resolve(f)), Files.readAllBytes(dir.resolve(f)));
        }
        assertEquals(4, requests.get());
        new DatasetResolver("", null, cache, url).resolve(FMNIST);
        assertEquals(4, requests.get(), "a complete cache is not downloaded again");
    }

    @Test
    void aCorruptedDownloadIsRejectedAndNeverCached() throws IOException {
        String url = serve(Set.of("t10k-labels-idx1-ubyte.gz"));
        Path cache = tmp.resolve("cache");
        LowbitException e = assertThrows(LowbitException.class, () -> new DatasetResolver("", null, cache, url).resolve(FMNIST));
        assertTrue(e.getMessage().contains("t10k-labels-idx1-ubyte.gz"), e.getMessage());
        assertTrue(e.getMessage().contains("Debian package dataset-fashion-mnist"), "the message lists every option: " + e.getMessage());
        assertFalse(Files.exists(cache.resolve("fashion-mnist/t10k-labels-idx1-ubyte.gz")));
        try (var left = Files.list(cache.resolve("fashion-mnist"))) {
            Set<String> names = new HashSet<>(left.map(p -> p.getFileName().toString()).toList());
            assertEquals(Set.of("train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz", "t10k-images-idx3-ubyte.gz"), names,
                    "verified files stay, the bad one and its partial download are gone");
        }
    }

    @Test
    void theDebianPackageIsInstalledBeforeAnyDownload() throws IOException {
        Path debian = tmp.resolve("usr/share/datasets/fashion-mnist");
        KnownDataset packaged = new KnownDataset(FMNIST.name(), FMNIST.files(), FMNIST.contentSha256(), debian.toString());
        List<String> installed = new ArrayList<>();
        PackageInstaller fake = name -> { // what apt-get install dataset-fashion-mnist puts on disk
            installed.add(name);
            try {
                Files.createDirectories(debian);
                for (String f : FMNIST.files()) Files.copy(SharedData.path("fashion-mnist").resolve(f), debian.resolve(f));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            return null;
        };
        assertEquals(debian, new DatasetResolver("", null, tmp.resolve("cache"), "http://127.0.0.1:9", fake).resolve(packaged));
        assertEquals(List.of("dataset-fashion-mnist"), installed);
        assertEquals(debian, new DatasetResolver("", null, tmp.resolve("cache"), "http://127.0.0.1:9", fake).resolve(packaged));
        assertEquals(1, installed.size(), "an installed package is not installed again");

        LowbitException e = assertThrows(LowbitException.class, () -> new DatasetResolver("", null, tmp.resolve("cache"),
                "http://127.0.0.1:9", name -> "not running as root").resolve(FMNIST));
        assertTrue(e.getMessage().contains("dataset-fashion-mnist: /nonexistent/fashion-mnist (not running as root)"), e.getMessage());
    }

    @Test
    void configuredPathThenLowbitDataComeFirst() {
        Path real = SharedData.path("fashion-mnist");
        assertEquals(real, new DatasetResolver(real.toString(), null, tmp, "http://127.0.0.1:9").resolve(FMNIST));
        assertEquals(real, new DatasetResolver("", real.getParent().toString(), tmp, "http://127.0.0.1:9").resolve(FMNIST));
        LowbitException e = assertThrows(LowbitException.class,
                () -> new DatasetResolver(tmp.toString(), null, tmp, "http://127.0.0.1:9").resolve(FMNIST));
        assertTrue(e.getMessage().contains("lowbit.data.fashion-mnist"), e.getMessage());
    }

    @Test
    void contentHashesMatchTheSharedCopy() throws IOException {
        for (String f : FMNIST.files()) {
            assertEquals(FMNIST.contentSha256().get(f), DatasetResolver.contentSha256(SharedData.path("fashion-mnist").resolve(f)), f);
        }
    }
}

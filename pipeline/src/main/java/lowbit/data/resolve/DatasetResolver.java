package lowbit.data.resolve;

import lowbit.LowbitException;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * Finds a known dataset's folder: the configured path, then {@code $LOWBIT_DATA}, then the folder of
 * Debian's package (installing the package first when running as root), then a verified download into the cache.
 * Where all fail, one message lists them.
 */
public final class DatasetResolver {
    private final String configured;
    private final String lowbitData;
    private final Path cache;
    private final String baseUrl;
    private final PackageInstaller installer;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NORMAL).build();

    /**
     * @param configured path set in the config (empty: none)
     * @param lowbitData value of $LOWBIT_DATA (null or empty: none)
     * @param cache      download cache folder
     * @param baseUrl    where the official files are served
     */
    public DatasetResolver(String configured, String lowbitData, Path cache, String baseUrl) {
        this(configured, lowbitData, cache, baseUrl, PackageInstaller.NONE);
    }

    /** @param installer installs the dataset's Debian package when its folder is missing */
    public DatasetResolver(String configured, String lowbitData, Path cache, String baseUrl, PackageInstaller installer) {
        this.configured = configured;
        this.lowbitData = lowbitData;
        this.cache = cache;
        this.baseUrl = baseUrl;
        this.installer = installer;
    }

    public Path resolve(KnownDataset dataset) {
        List<String> tried = new ArrayList<>();
        if (!configured.isEmpty()) {
            Path dir = Path.of(configured);
            if (complete(dataset, dir)) {
                return dir;
            }
            throw new LowbitException("config key lowbit.data." + dataset.name() + " names " + dir
                    + ", which does not hold " + String.join(", ", dataset.files()));
        }
        if (lowbitData != null && !lowbitData.isEmpty()) {
            for (Path dir : List.of(Path.of(lowbitData, dataset.name()), Path.of(lowbitData))) {
                if (complete(dataset, dir)) {
                    return dir;
                }
                tried.add("$LOWBIT_DATA: " + dir);
            }
        } else {
            tried.add("$LOWBIT_DATA: not set");
        }
        Path debian = Path.of(dataset.debianFolder());
        if (complete(dataset, debian)) {
            return debian;
        }
        String notInstalled = installer.install("dataset-" + dataset.name());
        if (notInstalled == null && complete(dataset, debian)) {
            return debian;
        }
        tried.add("Debian package dataset-" + dataset.name() + ": " + debian
                + (notInstalled == null ? " (installed, but the files are not there)" : " (" + notInstalled + ")"));
        Path cached = cache.resolve(dataset.name());
        if (complete(dataset, cached)) {
            return cached;
        }
        try {
            download(dataset, cached);
            return cached;
        } catch (LowbitException e) {
            tried.add("download from " + baseUrl + ": " + e.getMessage());
        }
        throw new LowbitException("cannot find " + dataset.name() + ". Tried:\n  - " + String.join("\n  - ", tried)
                + "\nSet lowbit.data." + dataset.name() + " (or input=PATH), set $LOWBIT_DATA, or install Debian's "
                + "dataset-" + dataset.name() + " package.");
    }

    private static boolean complete(KnownDataset dataset, Path dir) {
        return dataset.files().stream().allMatch(f -> Files.isRegularFile(dir.resolve(f)));
    }

    /** Each file goes to a temporary name, is verified, then renamed; a bad file never reaches the cache. */
    private void download(KnownDataset dataset, Path dir) {
        try {
            Files.createDirectories(dir);
            for (String file : dataset.files()) {
                Path target = dir.resolve(file);
                if (Files.isRegularFile(target)) {
                    continue;
                }
                URI uri = URI.create(baseUrl.endsWith("/") ? baseUrl + file : baseUrl + "/" + file);
                Path partial = Files.createTempFile(dir, "." + file, ".partial");
                try {
                    HttpResponse<Path> response = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofMinutes(10)).build(),
                            HttpResponse.BodyHandlers.ofFile(partial));
                    if (response.statusCode() != 200) {
                        throw new LowbitException(uri + " answered HTTP " + response.statusCode());
                    }
                    String actual = contentSha256(partial);
                    String expected = dataset.contentSha256().get(file);
                    if (!expected.equals(actual)) {
                        throw new LowbitException(uri + " served content with SHA-256 " + actual + ", expected "
                                + expected + "; the file was rejected");
                    }
                    Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
                } finally {
                    Files.deleteIfExists(partial);
                }
            }
        } catch (IOException e) {
            throw new LowbitException(e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LowbitException("interrupted", e);
        }
    }

    /** SHA-256 of the uncompressed content of a .gz file (of the file itself otherwise). */
    static String contentSha256(Path file) throws IOException {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            InputStream raw = Files.newInputStream(file);
            try (InputStream in = new DigestInputStream(file.toString().endsWith(".gz") || isGzip(file)
                    ? new GZIPInputStream(raw, 1 << 16) : raw, digest)) {
                in.transferTo(java.io.OutputStream.nullOutputStream());
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        } catch (java.util.zip.ZipException e) {
            throw new LowbitException(file.getFileName() + " is not a valid gzip file: " + e.getMessage(), e);
        }
    }

    private static boolean isGzip(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return in.read() == 0x1f && in.read() == 0x8b;
        }
    }
}

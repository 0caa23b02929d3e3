package lowbit.train;

import com.fasterxml.jackson.databind.JsonNode;
import lowbit.BuildInfo;
import lowbit.LowbitException;
import lowbit.data.shard.Manifest;
import lowbit.data.source.SourceFiles;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/** provenance.json: the run's configuration, seed, versions and the SHA-256 of the dataset's manifest. */
public final class Provenance {
    public static final String FILE = "provenance.json";

    private Provenance() {
    }

    public static String manifestSha256(String dataset) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(
                    SourceFiles.readAll(SourceFiles.child(dataset, Manifest.FILE)));
            StringBuilder hex = new StringBuilder();
            for (byte b : digest) {
                hex.append(String.format("%02x", b));
            }
            return hex.toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static void write(Path outputDir, TrainSpec spec, String sparkVersion, Map<String, Object> run) {
        Map<String, Object> p = new LinkedHashMap<>();
        try {
            p.put("config", Manifest.JSON.readValue(spec.json(), JsonNode.class));
        } catch (IOException e) {
            throw new LowbitException("cannot render the configuration: " + e.getMessage(), e);
        }
        p.put("seed", spec.seed());
        p.put("versions", BuildInfo.versions(sparkVersion));
        p.put("machine", lowbit.engine.CpuInfo.provenance()); // the driver's; executors run the same kernel choice
        p.put("dataset", spec.data());
        p.put("dataset_manifest_sha256", manifestSha256(spec.data()));
        p.put("written", Instant.now().toString());
        p.putAll(new HashMap<>(run));
        AtomicFiles.replace(outputDir.resolve(FILE), tmp -> Files.writeString(tmp, Manifest.JSON.writeValueAsString(p)));
    }
}

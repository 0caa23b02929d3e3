package lowbit.sweep;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigRenderOptions;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;

/**
 * One experiment of a sweep: its grid assignment and its resolved config. The id is a hash of the
 * resolved experiment (everything but the sweep's and Spark's own settings), so the same experiment
 * has the same id in every run and in every sweep.
 */
public record Cell(String id, Map<String, Object> assignment, Config config) {

    public static Cell of(Map<String, Object> assignment, Config resolved) {
        return new Cell(idOf(resolved), assignment, resolved);
    }

    static String idOf(Config resolved) {
        Config experiment = resolved.withoutPath("lowbit.sweep").withoutPath("lowbit.spark");
        return shortHash(experiment.root().render(ConfigRenderOptions.concise()), 8);
    }

    /** The first {@code bytes} bytes of the text's SHA-256, in hex. */
    static String shortHash(String text, int bytes) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public String json() {
        return config.root().render(ConfigRenderOptions.concise());
    }

    public String describe() {
        StringBuilder s = new StringBuilder(id);
        assignment.forEach((k, v) -> s.append("  ").append(k).append('=').append(v));
        return s.toString();
    }
}

package lowbit.cli;

import lowbit.model.graph.LayerSettings;
import lowbit.model.graph.ParamView;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A mixed-precision allocation (bits per weight view) as the per-layer overrides of a default width: the value of
 * {@code --layer-bits} and of {@code lowbit.experiment.layer-bits}.
 */
record MixedAllocation(int bits, Map<String, Integer> overrides) {

    static MixedAllocation of(Map<String, Integer> bitsByView, int bits) {
        Map<String, Integer> overrides = new LinkedHashMap<>();
        bitsByView.forEach((view, b) -> {
            if (b != bits) overrides.put(ParamView.layerOf(view), b);
        });
        return new MixedAllocation(bits, overrides);
    }

    List<String> entries() {
        return new LayerSettings<>(bits, overrides).entries();
    }

    /** E.g. {@code conv=8,b1.dw=4}; empty when every layer keeps the default. */
    String optionValue() {
        return String.join(",", entries());
    }

    /** Writes an includable config file (atomically: a reader never sees half of it). */
    void writeConfig(Path file, String origin) throws IOException {
        String text = "# Mixed-precision allocation: " + origin + "\n"
                + "lowbit.experiment.bits = " + bits + "\n"
                + "lowbit.experiment.layer-bits = ["
                + entries().stream().map(e -> "\"" + e + "\"").collect(Collectors.joining(", ")) + "]\n";
        Path parent = file.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path tmp = Files.createTempFile(parent, ".allocation", ".tmp");
        Files.writeString(tmp, text, StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}

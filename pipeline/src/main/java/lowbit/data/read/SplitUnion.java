package lowbit.data.read;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A split name that may join several splits with '+': {@code fold-0+fold-1} reads both (cross-validation
 * trains on every fold but the test fold). Names themselves never contain '+'.
 */
public final class SplitUnion {
    private SplitUnion() {
    }

    public static List<String> parts(String split) {
        List<String> parts = Arrays.stream(split.split("\\+")).map(String::trim).toList();
        if (parts.isEmpty() || parts.stream().anyMatch(String::isEmpty)) {
            throw new IllegalArgumentException("split '" + split + "' has an empty name (splits join with '+')");
        }
        return parts;
    }

    public static String of(List<String> splits) {
        return splits.stream().collect(Collectors.joining("+"));
    }
}

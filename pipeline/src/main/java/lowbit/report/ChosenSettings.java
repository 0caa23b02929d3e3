package lowbit.report;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** The selection tables' "settings chosen": the picked cells' method settings without the method's name. */
final class ChosenSettings {
    private ChosenSettings() {
    }

    /** {@code qgt lambda=3000} of a qgt cell as {@code lambda=3000}; empty for none. */
    static String of(String method, String settings) {
        if (settings == null) {
            return "";
        }
        return settings.startsWith(method + " ") ? settings.substring(method.length() + 1) : settings;
    }

    /** Each distinct choice with how often it was picked (over folds and seeds), e.g. {@code lambda=1000 x4, lambda=3000 x6}. */
    static String counted(String method, List<String> picked) {
        Map<String, Long> counts = new TreeMap<>(picked.stream().map(s -> of(method, s)).filter(s -> !s.isEmpty())
                .collect(Collectors.groupingBy(s -> s, Collectors.counting())));
        return counts.entrySet().stream().map(e -> e.getKey() + " x" + e.getValue()).collect(Collectors.joining(", "));
    }
}

package lowbit.data.source;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Human-readable class names for WordNet ids, from {@code words.txt} (wnid TAB names),
 * {@code synsets.txt} or {@code LOC_synset_mapping.txt} (wnid SPACE names); the first name of a
 * comma-separated list is used.
 */
public final class ClassDescriptions {
    private static final List<String> FILES = List.of("words.txt", "synsets.txt", "LOC_synset_mapping.txt");

    private ClassDescriptions() {
    }

    /** Looks in each folder in turn; returns an empty map where none of the files exists. */
    public static Map<String, String> find(List<String> folders) {
        for (String folder : folders) {
            for (String name : FILES) {
                String path = SourceFiles.child(folder, name);
                if (SourceFiles.exists(path)) {
                    return parse(SourceFiles.readLines(path));
                }
            }
        }
        return Map.of();
    }

    static Map<String, String> parse(List<String> lines) {
        Map<String, String> names = new HashMap<>();
        for (String line : lines) {
            String trimmed = line.strip();
            int split = indexOfWhitespace(trimmed);
            if (split <= 0) {
                continue;
            }
            String description = trimmed.substring(split).strip();
            int comma = description.indexOf(',');
            names.put(trimmed.substring(0, split), comma > 0 ? description.substring(0, comma).strip() : description);
        }
        return names;
    }

    private static int indexOfWhitespace(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (Character.isWhitespace(s.charAt(i))) {
                return i;
            }
        }
        return -1;
    }

    public static List<String> describe(List<String> ids, Map<String, String> descriptions) {
        return ids.stream().map(id -> descriptions.getOrDefault(id, id)).toList();
    }
}

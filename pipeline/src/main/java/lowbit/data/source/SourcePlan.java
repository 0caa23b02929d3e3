package lowbit.data.source;

import java.io.Serializable;
import java.util.List;

/**
 * What a source found on the driver: work units for the executors, class names in label order, and a
 * fingerprint of the source files (names, sizes, contents or modification times) that changes when they change.
 */
public record SourcePlan<U extends Serializable>(List<U> units, List<String> classNames, String fingerprint) {
}

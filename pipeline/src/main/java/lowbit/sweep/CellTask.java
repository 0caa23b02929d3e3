package lowbit.sweep;

import java.io.Serializable;

/**
 * What one cell's run gets, shipped to the executor that runs it: the cell's resolved config as JSON,
 * the folder for its artifacts (models), and the cells it builds on, by id.
 */
public record CellTask(String sweep, String cellId, String configJson, String artifactsDir,
                       java.util.Map<String, String> dependencies) implements Serializable {
}

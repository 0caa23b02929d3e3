package lowbit.sweep;

import java.io.Serializable;
import java.util.List;
import java.util.Map;

/**
 * What a cell's run returns: its fields of the cells table (data-schemas/sweep_cell.avsc) and its rows
 * of the epochs and layers tables. The sweep adds the bookkeeping fields (ids, status, times, config).
 */
public record CellResult(Map<String, Object> cell, List<Map<String, Object>> epochs,
                         List<Map<String, Object>> layers) implements Serializable {
}

package lowbit.sweep;

import java.io.Serializable;

/** Runs one sweep cell inside a Spark task; throwing marks the cell failed with the exception's message. */
public interface CellRunner extends Serializable {
    CellResult run(CellTask task) throws Exception;
}

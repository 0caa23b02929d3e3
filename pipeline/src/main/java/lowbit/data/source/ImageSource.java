package lowbit.data.source;

import java.io.Serializable;
import java.util.Iterator;

/**
 * A dataset in its published layout. {@link #plan()} runs on the driver and fails with a message naming
 * the file for file-level damage; {@link #read} runs on executors and reports record-level damage as
 * damaged records, which the sharding job quarantines.
 */
public interface ImageSource<U extends Serializable> extends Serializable {
    SourcePlan<U> plan();

    Iterator<SourceRecord> read(U unit, java.util.List<String> classNames);
}

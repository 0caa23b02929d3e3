package lowbit.data.source;

import java.io.Serializable;
import java.util.Iterator;

/** One task's share of an image source: images it reads and decodes lazily into records. */
public interface ImageUnit extends Serializable {
    Iterator<SourceRecord> decode();
}

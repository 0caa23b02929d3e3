package lowbit.data.read;

import org.nd4j.linalg.dataset.DataSet;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Random;

/** Groups a stream of examples into minibatches; the last batch may be smaller. */
public final class Batches implements Iterator<DataSet> {
    private final Iterator<ImageExample> examples;
    private final int batchSize;
    private final BatchAssembler assembler;
    private final Random random;

    public Batches(Iterator<ImageExample> examples, int batchSize, BatchAssembler assembler, Random random) {
        this.examples = examples;
        this.batchSize = batchSize;
        this.assembler = assembler;
        this.random = random;
    }

    @Override
    public boolean hasNext() {
        return examples.hasNext();
    }

    @Override
    public DataSet next() {
        if (!examples.hasNext()) {
            throw new NoSuchElementException();
        }
        List<ImageExample> batch = new ArrayList<>(batchSize);
        while (batch.size() < batchSize && examples.hasNext()) {
            batch.add(examples.next());
        }
        return assembler.assemble(batch, random);
    }
}

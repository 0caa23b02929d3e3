package lowbit.data.read;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Random;
import java.util.function.BiFunction;

/** Groups a stream of examples into minibatches ({@link Batch}es, or what an engine makes of them); the last batch may be smaller. */
public final class Batches<T> implements Iterator<T> {
    private final Iterator<ImageExample> examples;
    private final int batchSize;
    private final BiFunction<List<ImageExample>, Random, T> assemble;
    private final Random random;

    public Batches(Iterator<ImageExample> examples, int batchSize, BiFunction<List<ImageExample>, Random, T> assemble,
                   Random random) {
        this.examples = examples;
        this.batchSize = batchSize;
        this.assemble = assemble;
        this.random = random;
    }

    /**
     * The minibatches of {@code examples} in the order of a shuffle buffer seeded from {@code seed + 1}, augmentation
     * drawn from {@code seed + 2} (the caller draws anything else, such as a file order, from {@code seed} itself).
     */
    public static <T> Batches<T> shuffled(Iterator<ImageExample> examples, ReadOptions options, long seed,
                                          BiFunction<List<ImageExample>, Random, T> assemble) {
        return new Batches<>(new ShuffleBuffer<>(examples, options.shuffleBuffer(), seed + 1), options.batchSize(),
                assemble, new Random(seed + 2));
    }

    @Override
    public boolean hasNext() {
        return examples.hasNext();
    }

    @Override
    public T next() {
        if (!examples.hasNext()) {
            throw new NoSuchElementException();
        }
        List<ImageExample> batch = new ArrayList<>(batchSize);
        while (batch.size() < batchSize && examples.hasNext()) {
            batch.add(examples.next());
        }
        return assemble.apply(batch, random);
    }
}

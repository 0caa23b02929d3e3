package lowbit.data.read;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Random;

/**
 * Streaming shuffle with bounded memory: holds at most {@code capacity} items and emits a random one
 * each time a new one arrives (as TensorFlow's shuffle buffer). Capacity 0 passes items through.
 */
public final class ShuffleBuffer<T> implements Iterator<T> {
    private final Iterator<T> source;
    private final List<T> buffer;
    private final int capacity;
    private final Random random;

    public ShuffleBuffer(Iterator<T> source, int capacity, long seed) {
        this.source = source;
        this.capacity = capacity;
        this.buffer = new ArrayList<>(Math.min(capacity, 1 << 16));
        this.random = new Random(seed);
    }

    @Override
    public boolean hasNext() {
        return capacity == 0 ? source.hasNext() : fill() || !buffer.isEmpty();
    }

    private boolean fill() {
        while (buffer.size() < capacity && source.hasNext()) {
            buffer.add(source.next());
        }
        return buffer.size() == capacity;
    }

    @Override
    public T next() {
        if (capacity == 0) {
            return source.next();
        }
        fill();
        if (buffer.isEmpty()) {
            throw new NoSuchElementException();
        }
        int i = random.nextInt(buffer.size());
        T picked = buffer.get(i);
        T last = buffer.remove(buffer.size() - 1);
        if (i < buffer.size()) {
            buffer.set(i, last);
        }
        return picked;
    }
}

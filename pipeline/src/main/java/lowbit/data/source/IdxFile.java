package lowbit.data.source;

import lowbit.LowbitException;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/** The IDX format of MNIST and Fashion-MNIST: magic 0x0000 0x08 ndims, big-endian dims, then uint8 data. */
public final class IdxFile {
    public record Header(int[] dims) {
        public int count() {
            return dims[0];
        }

        public int itemSize() {
            int size = 1;
            for (int i = 1; i < dims.length; i++) {
                size *= dims[i];
            }
            return size;
        }
    }

    private IdxFile() {
    }

    /** Reads the header, checking the magic number against the expected number of dimensions. */
    public static Header readHeader(DataInputStream in, String path, int expectedDims) throws IOException {
        int magic = in.readInt();
        int expected = 0x00000800 | expectedDims;
        if (magic != expected) {
            throw new LowbitException(path + ": wrong IDX magic number 0x" + String.format("%08x", magic)
                    + " (expected 0x" + String.format("%08x", expected) + " for unsigned-byte data with "
                    + expectedDims + " dimensions)");
        }
        int[] dims = new int[expectedDims];
        for (int i = 0; i < expectedDims; i++) {
            dims[i] = in.readInt();
            if (dims[i] <= 0) {
                throw new LowbitException(path + ": IDX dimension " + i + " is " + dims[i]);
            }
        }
        return new Header(dims);
    }

    /** Reads only the header: the data's length is checked by whoever reads the data to its end. */
    public static Header header(String path, int expectedDims) {
        try (DataInputStream in = new DataInputStream(SourceFiles.open(path))) {
            return readHeader(in, path, expectedDims);
        } catch (IOException e) {
            throw new LowbitException(path + ": cannot read IDX header: " + e.getMessage(), e);
        }
    }

    /** Checks that the data after the header is exactly count * itemSize bytes. */
    public static Header validate(String path, int expectedDims) {
        try (DataInputStream in = new DataInputStream(SourceFiles.open(path))) {
            Header header = readHeader(in, path, expectedDims);
            long expected = (long) header.count() * header.itemSize();
            long actual = in.transferTo(java.io.OutputStream.nullOutputStream());
            if (actual != expected) {
                throw new LowbitException(path + ": header says " + header.count() + " items of "
                        + header.itemSize() + " bytes (" + expected + " bytes) but the file holds " + actual
                        + " data bytes (truncated, or the count is wrong); dims " + Arrays.toString(header.dims()));
            }
            return header;
        } catch (IOException e) {
            throw new LowbitException(path + ": cannot read IDX file: " + e.getMessage(), e);
        }
    }

    /** Reads all data bytes after the header. */
    public static byte[] readData(String path, int expectedDims) {
        try (InputStream raw = SourceFiles.open(path); DataInputStream in = new DataInputStream(raw)) {
            Header header = readHeader(in, path, expectedDims);
            byte[] data = new byte[Math.multiplyExact(header.count(), header.itemSize())];
            in.readFully(data);
            return data;
        } catch (IOException e) {
            throw new LowbitException(path + ": cannot read IDX data: " + e.getMessage(), e);
        }
    }
}

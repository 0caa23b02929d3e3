package lowbit.engine.torch;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The torch engine's own model file, read for models trained before lowbit model files: a magic line, the architecture text, then the trainable parameters and the
 * batch-norm state as little-endian float32 (each preceded by its length). No libtorch serialization, so the
 * file is readable without native code.
 */
final class TorchModelFile {

    static final String MAGIC = "lowbit-torch-model v1";

    record Contents(String architecture, float[] parameters, float[] batchNormState) {
    }

    private TorchModelFile() {
    }

    static Contents read(Path file) throws IOException {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
            if (!isMagic(in)) throw new IOException(file + " is not a torch engine model file");
            String architecture = in.readUTF();
            return new Contents(architecture, readFloats(in, file), readFloats(in, file));
        }
    }

    /** Whether the file starts like a torch engine model file. */
    static boolean isTorchModel(Path file) throws IOException {
        try (DataInputStream in = new DataInputStream(Files.newInputStream(file))) {
            return isMagic(in);
        } catch (EOFException e) {
            return false;
        }
    }

    private static boolean isMagic(DataInputStream in) throws IOException {
        int length = in.readUnsignedShort();
        return length == MAGIC.length() && new String(in.readNBytes(length), StandardCharsets.UTF_8).equals(MAGIC);
    }

    private static float[] readFloats(DataInputStream in, Path file) throws IOException {
        int n = in.readInt();
        if (n < 0) throw new IOException(file + ": negative length");
        byte[] raw = in.readNBytes(4 * n);
        if (raw.length != 4 * n) throw new IOException(file + " is truncated");
        float[] values = new float[n];
        ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values);
        return values;
    }
}

package lowbit.export;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.InflaterInputStream;

import lowbit.LowbitException;
import lowbit.engine.Engine;
import lowbit.model.graph.ParamView;
import lowbit.engine.TrainableModel;
import lowbit.engine.Engines;
import lowbit.ptq.QuantizedTensor;
import lowbit.quant.ViewLayouts;
import lowbit.quant.BitPacker;
import lowbit.quant.SymmetricQuantizer;

/** Reads a packed model file back into a {@link TrainableModel} that computes with the dequantized weights. */
public final class PackedModelReader {

    private PackedModelReader() {
    }

    /** Whether {@code file} starts as a packed model file does (its magic number). */
    public static boolean isPacked(Path file) {
        try (java.io.DataInputStream in = new java.io.DataInputStream(Files.newInputStream(file))) {
            return in.readInt() == PackedModelFormat.MAGIC;
        } catch (IOException e) {
            return false;
        }
    }

    /** @throws LowbitException naming the file when it is missing, damaged or not a packed model */
    public static TrainableModel read(Path file) {
        byte[] content;
        try {
            content = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new LowbitException("packed model file " + file + " does not exist");
        } catch (IOException e) {
            throw new LowbitException("cannot read packed model file " + file + ": " + e.getMessage(), e);
        }
        try {
            return parse(content, file);
        } catch (IOException | RuntimeException e) {
            if (e instanceof LowbitException le) throw le;
            throw new LowbitException(file + " is not a readable packed model file: " + e.getMessage(), e);
        }
    }

    private static TrainableModel parse(byte[] content, Path file) throws IOException {
        if (content.length < 9 || ByteBuffer.wrap(content).getInt() != PackedModelFormat.MAGIC) {
            throw new LowbitException(file + " is not a lowbit packed model file (bad magic)");
        }
        CRC32 crc = new CRC32();
        crc.update(content, 0, content.length - 4);
        if ((int) crc.getValue() != ByteBuffer.wrap(content, content.length - 4, 4).getInt()) {
            throw new LowbitException(file + " fails its CRC-32 check (truncated or corrupted)");
        }
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(content, 4, content.length - 8));
        int version = in.readUnsignedByte();
        if (version != PackedModelFormat.VERSION) {
            throw new LowbitException(file + " has format version " + version + "; this build reads " + PackedModelFormat.VERSION);
        }
        Engine engine = engineNamed(in.readUTF(), file);
        String architecture = new String(inflate(in.readNBytes(in.readInt())), StandardCharsets.UTF_8);
        TrainableModel model = engine.build(architecture);
        List<ParamView> views = PackedModelFormat.storedViews(model);
        if (in.readInt() != PackedModelFormat.layoutChecksum(views) || in.readInt() != views.size()) {
            throw new LowbitException(file + ": stored tensors do not match the layout of its architecture");
        }
        float[] parameters = new float[model.parameterCount()];
        float[] state = new float[model.batchNormState().length];
        int trainableCount = model.parameterViews().size();
        for (int i = 0; i < views.size(); i++) {
            ParamView v = views.get(i);
            v.write(i < trainableCount ? parameters : state, readTensor(in, v));
        }
        model.setParameters(parameters);
        model.setBatchNormState(state);
        return model;
    }

    private static float[] readTensor(DataInputStream in, ParamView v) throws IOException {
        int n = v.length();
        float[] values = new float[n];
        TensorEncoding encoding = TensorEncoding.ofTag(in.readUnsignedByte());
        switch (encoding) {
            case FLOAT32 -> {
                for (int i = 0; i < n; i++) values[i] = in.readFloat();
            }
            case CONSTANT -> Arrays.fill(values, in.readFloat());
            case SPARSE_FLOAT32 -> {
                int[] mask = BitPacker.unpack(in.readNBytes(BitPacker.packedLength(n, 1)), n, 1);
                for (int i = 0; i < n; i++) {
                    if (mask[i] == 1) values[i] = in.readFloat();
                }
            }
            case PACKED, BITMAP_AND_NONZEROS -> values = readQuantized(in, v, encoding).dequantized();
        }
        return values;
    }

    private static QuantizedTensor readQuantized(DataInputStream in, ParamView v, TensorEncoding encoding) throws IOException {
        int bits = in.readUnsignedByte();
        boolean perChannel = in.readUnsignedByte() == 1;
        float[] scales = new float[ViewLayouts.scales(v, perChannel).channels()];
        for (int c = 0; c < scales.length; c++) scales[c] = in.readFloat();
        SymmetricQuantizer quantizer = new SymmetricQuantizer(bits);
        int n = v.length();
        int[] codes;
        if (encoding == TensorEncoding.PACKED) {
            codes = quantizer.unpack(in.readNBytes(BitPacker.packedLength(n, bits)), n);
        } else {
            int[] mask = BitPacker.unpack(in.readNBytes(BitPacker.packedLength(n, 1)), n, 1);
            int nonzeros = Arrays.stream(mask).sum();
            int[] packed = quantizer.unpack(in.readNBytes(BitPacker.packedLength(nonzeros, bits)), nonzeros);
            codes = new int[n];
            for (int i = 0, k = 0; i < n; i++) {
                if (mask[i] == 1) codes[i] = packed[k++];
            }
        }
        return new QuantizedTensor(v, bits, perChannel, scales, codes);
    }

    private static Engine engineNamed(String name, Path file) {
        if (!Engines.names().contains(name)) {
            throw new LowbitException(file + " needs engine '" + name + "', which this build does not have");
        }
        return Engines.named(name, 0);
    }

    private static byte[] inflate(byte[] deflated) throws IOException {
        try (InputStream in = new InflaterInputStream(new ByteArrayInputStream(deflated))) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            in.transferTo(out);
            return out.toByteArray();
        }
    }
}

package lowbit.export;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;

import lowbit.LowbitException;
import lowbit.engine.Engine;
import lowbit.model.graph.ParamView;
import lowbit.engine.TrainableModel;
import lowbit.ptq.QuantizationPlan;
import lowbit.ptq.QuantizedModel;
import lowbit.ptq.QuantizedTensor;
import lowbit.ptq.PostTrainingQuantization;
import lowbit.quant.BitPacker;
import lowbit.quant.SymmetricQuantizer;
import lowbit.quant.TensorSize;

/** Writes a model, post-training quantized by a plan, as a packed model file (format in package-info). */
public final class PackedModelWriter {

    private PackedModelWriter() {
    }

    /** Quantizes {@code model} by {@code plan} and writes it atomically to {@code file}. */
    public static ExportSizes write(TrainableModel model, QuantizationPlan plan, Engine engine, Path file) {
        QuantizedModel q = PostTrainingQuantization.apply(model, plan);
        List<ParamView> views = PackedModelFormat.storedViews(model);
        int trainableCount = model.parameterViews().size();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        long theoretical = 0;
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(PackedModelFormat.MAGIC);
            out.writeByte(PackedModelFormat.VERSION);
            out.writeUTF(engine.name());
            byte[] architecture = deflate(model.architecture().getBytes(StandardCharsets.UTF_8));
            out.writeInt(architecture.length);
            out.write(architecture);
            out.writeInt(PackedModelFormat.layoutChecksum(views));
            out.writeInt(views.size());
            for (int i = 0; i < views.size(); i++) {
                ParamView v = views.get(i);
                float[] values = v.read(i < trainableCount ? q.parameters() : q.batchNormState());
                theoretical += writeTensor(out, v, values, q);
            }
            CRC32 crc = new CRC32();
            crc.update(bytes.toByteArray());
            out.writeInt((int) crc.getValue());
        } catch (IOException e) {
            throw new IllegalStateException("in-memory write failed", e);
        }
        byte[] content = bytes.toByteArray();
        writeAtomically(file, content);
        long floatBytes = 4L * (model.parameterCount() + model.batchNormState().length);
        return new ExportSizes(floatBytes, theoretical, content.length);
    }

    /** Writes one tensor; returns its theoretical bytes (0 for a folded-away constant). */
    private static long writeTensor(DataOutputStream out, ParamView v, float[] values, QuantizedModel q) throws IOException {
        QuantizedTensor t = q.quantized(v.name());
        if (t != null) {
            TensorSize size = t.size();
            boolean bitmap = size.encoding() == TensorSize.Encoding.BITMAP_AND_NONZEROS;
            out.writeByte((bitmap ? TensorEncoding.BITMAP_AND_NONZEROS : TensorEncoding.PACKED).tag);
            out.writeByte(t.bits());
            out.writeByte(t.perChannel() ? 1 : 0);
            for (float s : t.scales()) out.writeFloat(s);
            SymmetricQuantizer quantizer = new SymmetricQuantizer(t.bits());
            if (bitmap) {
                int[] mask = new int[t.codes().length];
                int[] nonzeros = new int[Math.toIntExact(t.nonzeros())];
                for (int i = 0, k = 0; i < mask.length; i++) {
                    if (t.codes()[i] != 0) {
                        mask[i] = 1;
                        nonzeros[k++] = t.codes()[i];
                    }
                }
                out.write(BitPacker.pack(mask, 1));
                out.write(quantizer.pack(nonzeros));
            } else {
                out.write(quantizer.pack(t.codes()));
            }
            return size.storedBytes();
        }
        if (q.constantViews().contains(v.name())) {
            for (float x : values) {
                if (Float.compare(x, values[0]) != 0) throw new IllegalStateException(v.name() + " is not constant");
            }
            out.writeByte(TensorEncoding.CONSTANT.tag);
            out.writeFloat(values[0]);
            return 0;
        }
        int[] mask = new int[values.length];
        int nonzeros = 0;
        for (int i = 0; i < values.length; i++) {
            if (values[i] != 0f) {
                mask[i] = 1;
                nonzeros++;
            }
        }
        long sparseBytes = BitPacker.packedLength(values.length, 1) + 4L * nonzeros;
        if (sparseBytes < 4L * values.length) {
            out.writeByte(TensorEncoding.SPARSE_FLOAT32.tag);
            out.write(BitPacker.pack(mask, 1));
            for (float x : values) {
                if (x != 0f) out.writeFloat(x);
            }
            return sparseBytes;
        }
        out.writeByte(TensorEncoding.FLOAT32.tag);
        for (float x : values) out.writeFloat(x);
        return 4L * values.length;
    }

    private static byte[] deflate(byte[] raw) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (DeflaterOutputStream d = new DeflaterOutputStream(out, new Deflater(Deflater.BEST_COMPRESSION))) {
            d.write(raw);
        }
        return out.toByteArray();
    }

    private static void writeAtomically(Path file, byte[] content) {
        Path dir = file.toAbsolutePath().getParent();
        try {
            Files.createDirectories(dir);
            Path partial = Files.createTempFile(dir, "." + file.getFileName(), ".partial");
            try {
                Files.write(partial, content);
                Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(partial);
            }
        } catch (IOException e) {
            throw new LowbitException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}

package lowbit.export.onnx;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import com.google.protobuf.ByteString;
import lowbit.LowbitException;

/**
 * An ONNX model built by {@link OnnxModelWriter}: the protobuf message, its opset and IR version, and the bytes its
 * initializers' data take (codes, scales, zero points, float tensors).
 */
public record OnnxModel(ModelProto proto, int opset, long irVersion, long payloadBytes) {

    /** The serialized file's size. */
    public long fileBytes() {
        return proto.getSerializedSize();
    }

    /**
     * Everything but the initializers' data: nodes, names, shapes, attributes, metadata and protobuf framing (the size of
     * the same model with every initializer's raw data emptied).
     */
    public long structureBytes() {
        ModelProto.Builder b = proto.toBuilder();
        for (TensorProto.Builder t : b.getGraphBuilder().getInitializerBuilderList()) t.setRawData(ByteString.EMPTY);
        return b.build().getSerializedSize();
    }

    /** Writes the file under a hidden name and renames it into place. */
    public void write(Path file) {
        Path dir = file.toAbsolutePath().getParent();
        Path partial = dir.resolve("." + file.getFileName() + ".partial");
        try {
            Files.createDirectories(dir);
            try (OutputStream out = Files.newOutputStream(partial)) {
                proto.writeTo(out);
            }
            Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new LowbitException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}

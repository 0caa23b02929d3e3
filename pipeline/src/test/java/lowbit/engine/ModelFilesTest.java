package lowbit.engine;

import lowbit.tensor.Tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import lowbit.LowbitException;
import lowbit.data.read.Normalization;
import lowbit.engine.dl4j.Dl4jEngine;
import lowbit.engine.dl4j.Dl4jModel;
import lowbit.engine.torch.TorchEngine;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag("unit")
class ModelFilesTest {

    @TempDir
    Path dir;

    @Test
    void aModelFileRunsOnEitherEngineAndCarriesItsInputAndClasses() throws IOException {
        TrainableModel torch = Engines.named(TorchEngine.NAME, 1).zoo("lenet", Map.of("seed", "4"));
        Path file = dir.resolve("model.zip");
        ModelFiles.save(torch, file, Normalization.UNIT, List.of("a", "b", "c", "d", "e", "f", "g", "h", "i", "j"), Map.of("note", "test"));
        ModelFiles.Loaded back = ModelFiles.read(file, null, 1);
        assertEquals(TorchEngine.NAME, back.engine().name(), "the engine that wrote it");
        assertEquals(List.of("a", "b", "c", "d", "e", "f", "g", "h", "i", "j"), back.classes());
        assertEquals("test", back.file().orElseThrow().provenance().get("note"));
        ModelFiles.Loaded onDl4j = ModelFiles.read(file, Dl4jEngine.NAME, 0);
        assertArrayEquals(torch.parameters(), onDl4j.model().parameters());
        Tensor x = Tensor.of(new float[2 * 28 * 28], 2, 1, 28, 28);
        assertArrayEquals(torch.forward(x).data(), onDl4j.model().forward(x).data(), 1e-6f);
    }

    @Test
    void olderDl4jZipsStillLoadAndBadFilesAreErrorsNamingThem() throws IOException {
        Dl4jModel dl4j = (Dl4jModel) Engines.named(Dl4jEngine.NAME, 0).zoo("lenet", Map.of("seed", "4"));
        Path zip = dir.resolve("dl4j.zip");
        dl4j.saveDl4jZip(zip);
        ModelFiles.Loaded old = ModelFiles.read(zip, null, 0);
        assertEquals(Dl4jEngine.NAME, old.engine().name());
        assertTrue(old.file().isEmpty());
        assertArrayEquals(dl4j.parameters(), old.model().parameters());

        Path text = Files.writeString(dir.resolve("notes.txt"), "hello");
        LowbitException e = assertThrows(LowbitException.class, () -> ModelFiles.load(text));
        assertTrue(e.getMessage().contains("notes.txt"), e.getMessage());
        LowbitException missing = assertThrows(LowbitException.class, () -> ModelFiles.load(dir.resolve("nowhere.zip")));
        assertTrue(missing.getMessage().contains("does not exist"), missing.getMessage());
    }
}

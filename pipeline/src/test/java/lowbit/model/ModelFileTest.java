package lowbit.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import lowbit.data.read.Normalization;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag("unit")
class ModelFileTest {

    @TempDir
    Path dir;

    @Test
    void roundTripsEverythingItHolds() throws IOException {
        ModelFile f = new ModelFile("lenet seed=1", new float[] {1.5f, -2f, Float.MIN_VALUE}, new float[] {0.25f},
                Normalization.meanStd(new double[] {0.5, 0.5, 0.5}, new double[] {0.5, 0.5, 0.5}), List.of("no person", "person"),
                Map.of("source", "vww_96.h5"));
        Path file = dir.resolve("model.zip");
        f.write(file);
        assertTrue(ModelFile.isModelFile(file));
        ModelFile back = ModelFile.read(file);
        assertEquals("lenet seed=1", back.architecture());
        assertArrayEquals(f.parameters(), back.parameters());
        assertArrayEquals(f.state(), back.state());
        assertArrayEquals(new double[] {0.5, 0.5, 0.5}, back.input().mean());
        assertEquals(List.of("no person", "person"), back.classes());
        assertEquals("vww_96.h5", back.provenance().get("source"));

        new ModelFile("lenet", new float[0], new float[0], Normalization.UNIT, List.of(), Map.of()).write(file);
        assertNull(ModelFile.read(file).input().mean(), "unit scaling");
        new ModelFile("lenet", new float[0], new float[0], null, List.of(), Map.of()).write(file);
        assertNull(ModelFile.read(file).input(), "unknown scaling");
    }

    @Test
    void aForeignOrDamagedFileIsAnErrorNamingIt() throws IOException {
        Path text = Files.writeString(dir.resolve("notes.zip"), "not a zip");
        assertFalse(ModelFile.isModelFile(text));
        IOException e = assertThrows(IOException.class, () -> ModelFile.read(text));
        assertTrue(e.getMessage().contains("notes.zip") && e.getMessage().contains("not a zip"), e.getMessage());

        Path good = dir.resolve("good.zip");
        new ModelFile("lenet", new float[100], new float[4], null, List.of(), Map.of()).write(good);
        byte[] bytes = Files.readAllBytes(good);
        Path truncated = Files.write(dir.resolve("truncated.zip"), java.util.Arrays.copyOf(bytes, bytes.length / 2));
        IOException t = assertThrows(IOException.class, () -> ModelFile.read(truncated));
        assertTrue(t.getMessage().contains("truncated.zip"), t.getMessage());
    }
}

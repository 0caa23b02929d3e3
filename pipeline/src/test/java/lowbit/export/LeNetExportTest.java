package lowbit.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import lowbit.LowbitException;
import lowbit.engine.TrainableModel;
import lowbit.engine.dl4j.Dl4jEngine;
import lowbit.ptq.PostTrainingQuantization;
import lowbit.ptq.QuantizationPlan;
import lowbit.testdata.TrainedLeNet;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Packed export of a trained LeNet: exact round trip on real test images and honest sizes. */
@Tag("data")
class LeNetExportTest {

    @TempDir
    Path tmp;

    @ParameterizedTest
    @CsvSource({"2, false", "4, true"})
    void reloadedModelPredictsExactlyAsTheFakeQuantizedModel(int bits, boolean perChannel) {
        TrainableModel model = TrainedLeNet.model();
        QuantizationPlan plan = QuantizationPlan.uniform(model, bits, perChannel, true);
        Path file = tmp.resolve("lenet.lbq");
        PackedModelWriter.write(model, plan, new Dl4jEngine(), file);
        TrainableModel reloaded = PackedModelReader.read(file);
        ExportAssertions.samePredictions(PostTrainingQuantization.quantizedCopy(model, plan, new Dl4jEngine()), reloaded,
                TrainedLeNet.testImages().images());
    }

    @ParameterizedTest
    @CsvSource({"2, false", "2, true", "4, false", "8, true"})
    void packedFileIsWithinFivePercentOfTheTheoreticalSize(int bits, boolean perChannel) throws IOException {
        TrainableModel model = TrainedLeNet.model();
        Path file = tmp.resolve("lenet.lbq");
        ExportSizes sizes = PackedModelWriter.write(model, QuantizationPlan.uniform(model, bits, perChannel, true), new Dl4jEngine(), file);
        System.out.printf("LeNet %d bit%s: %s%n", bits, perChannel ? " per channel" : "", sizes.describe());
        assertEquals(Files.size(file), sizes.fileBytes());
        assertEquals(4L * 431_080, sizes.floatBytes());
        assertTrue(sizes.fileBytes() <= 1.05 * sizes.theoreticalBytes(), sizes.describe());
        // 2-bit weights take at most 2 bits each (less where a bitmap of nonzeros is smaller).
        long weights = 431_080 - (20 + 50 + 500 + 10);
        long biasBytes = 4L * (20 + 50 + 500 + 10);
        assertTrue(sizes.theoreticalBytes() <= (weights * bits + 7) / 8 + 4 + 4 * 580 + biasBytes, sizes.describe());
        assertTrue(sizes.theoreticalBytes() >= weights / 8 + biasBytes, "a bitmap alone takes a bit per weight");
    }

    @Test
    void damagedOrMissingFilesAreClearErrorsNamingTheFile() throws IOException {
        TrainableModel model = TrainedLeNet.model();
        Path file = tmp.resolve("lenet.lbq");
        PackedModelWriter.write(model, QuantizationPlan.uniform(model, 4, false, true), new Dl4jEngine(), file);
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length / 2] ^= 0x10;
        Path damaged = Files.write(tmp.resolve("damaged.lbq"), bytes);
        LowbitException crc = assertThrows(LowbitException.class, () -> PackedModelReader.read(damaged));
        assertTrue(crc.getMessage().contains("damaged.lbq") && crc.getMessage().contains("CRC"), crc.getMessage());
        Path missing = tmp.resolve("missing.lbq");
        LowbitException absent = assertThrows(LowbitException.class, () -> PackedModelReader.read(missing));
        assertTrue(absent.getMessage().contains("missing.lbq"), absent.getMessage());
        Path notOurs = Files.writeString(tmp.resolve("model.zip"), "PK not a packed model");
        assertThrows(LowbitException.class, () -> PackedModelReader.read(notOurs));
    }
}

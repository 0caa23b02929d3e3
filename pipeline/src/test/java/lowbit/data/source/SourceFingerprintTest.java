package lowbit.data.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;

import org.apache.hadoop.fs.FileStatus;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag("unit")
class SourceFingerprintTest {
    @TempDir
    Path dir;

    private List<FileStatus> files() {
        return List.of(SourceFiles.status(dir.resolve("a.bin").toString()), SourceFiles.status(dir.resolve("b.bin").toString()));
    }

    @Test
    void contentBelowTheLimitModificationTimesAbove() throws IOException {
        Files.write(dir.resolve("a.bin"), new byte[] {1, 2, 3});
        Files.write(dir.resolve("b.bin"), new byte[] {4, 5});
        String byContent = SourceFiles.fingerprint(dir.toString(), files());
        String byTime = SourceFiles.fingerprint(dir.toString(), files(), 4);

        Files.setLastModifiedTime(dir.resolve("b.bin"), FileTime.fromMillis(1_000_000));
        assertEquals(byContent, SourceFiles.fingerprint(dir.toString(), files()), "same bytes, new time: same dataset");
        assertNotEquals(byTime, SourceFiles.fingerprint(dir.toString(), files(), 4), "5 bytes > limit 4: times count");

        Files.write(dir.resolve("b.bin"), new byte[] {4, 6});
        assertNotEquals(byContent, SourceFiles.fingerprint(dir.toString(), files()), "same size, other bytes");
    }

    @Test
    void movingTheWholeDatasetKeepsItsFingerprint() throws IOException {
        Files.write(dir.resolve("a.bin"), new byte[] {1, 2, 3});
        Files.write(dir.resolve("b.bin"), new byte[] {4, 5});
        String here = SourceFiles.fingerprint(dir.toString(), files());
        Path moved = Files.createDirectory(dir.resolve("moved"));
        Files.copy(dir.resolve("a.bin"), moved.resolve("a.bin"));
        Files.copy(dir.resolve("b.bin"), moved.resolve("b.bin"));
        List<FileStatus> there = List.of(SourceFiles.status(moved.resolve("a.bin").toString()),
                SourceFiles.status(moved.resolve("b.bin").toString()));
        assertEquals(here, SourceFiles.fingerprint(moved.toString(), there));
    }
}

package lowbit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import com.typesafe.config.Config;
import lowbit.config.LowbitConfig;
import lowbit.robust.Attack;
import lowbit.sweep.Cell;
import lowbit.sweep.CellExperiment;
import lowbit.sweep.SweepData;
import lowbit.sweep.SweepSpec;
import lowbit.testing.SharedData;
import lowbit.train.TrainSpec;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** conf/sweeps/robust-sparsity.conf without running it: its dry run, and every cell's config as a cell would read it. */
@Tag("data")
class RobustSparsityConfTest {
    @TempDir
    Path tmp;

    /** The sweep with the shared CIFAR-10 copy as its input and a temporary data cache. */
    private Path conf() throws Exception {
        return Files.writeString(tmp.resolve("robust-sparsity.conf"), RepositoryConf.include("conf/sweeps/robust-sparsity.conf")
                + "lowbit.shard.input = \"" + SharedData.path("cifar10/test") + "\"\n"
                + "lowbit.sweep.data-cache = \"" + tmp.resolve("data") + "\"\n");
    }

    @Test
    void dryRunListsAdversariallyTrainedCellsOfBothNetworksUnderEachMethod() throws Exception {
        Path conf = conf();
        Path out = tmp.resolve("sweep");

        LowbitCliTest.Run dry = LowbitCliTest.lowbit("sweep", "--conf", conf.toString(), "--output", out.toString(), "--dry-run");
        assertEquals(0, dry.exit(), dry.err());
        assertTrue(dry.out().startsWith("6 cells of sweep robust-sparsity:"), dry.out());

        Config config = LowbitConfig.load(conf, List.of("output=" + out), "sweep");
        SweepSpec sweep = SweepSpec.from(SweepData.locate(config), "robust-sparsity");
        assertEquals(List.of("resnet20/rgsm", "enresnet20/rgsm", "resnet20/admm", "enresnet20/admm", "resnet20/rvsm",
                "enresnet20/rvsm"), sweep.cells().stream()
                .map(c -> c.config().getString("lowbit.train.model.name") + "/" + CellExperiment.from(c.config()).method())
                .toList());
        for (Cell cell : sweep.cells()) {
            CellExperiment experiment = CellExperiment.from(cell.config());
            TrainSpec spec = TrainSpec.from(experiment.trainConfig(cell.config(), null, false));
            assertTrue(experiment.robustEval());
            assertEquals("torch", spec.model().engine());
            assertEquals(Attack.pgd(0.031, 0.012, 3), spec.adversarialAttack());
            assertEquals(Attack.ifgsm(8 / 255.0, 2 / 255.0, 20), spec.robustEvaluation().ifgsm());
            assertEquals(500, spec.robustEvaluation().images());
            assertTrue(spec.data().startsWith(tmp.resolve("data").toString()), spec.data());
            switch (experiment.method()) {
                case "rgsm" -> {
                    assertEquals(List.of("rvsm"), spec.methods());
                    assertEquals("group-l0", spec.section().getString("rvsm.threshold"));
                }
                case "rvsm" -> {
                    assertEquals(List.of("rvsm"), spec.methods());
                    assertEquals("l0", spec.section().getString("rvsm.threshold"));
                    assertEquals(1e-6, spec.section().getDouble("rvsm.lambda"));
                }
                case "admm" -> {
                    assertEquals(List.of("admm"), spec.methods());
                    assertEquals("channel", spec.section().getString("admm.mode"));
                    assertEquals(0.5, spec.section().getDouble("admm.keep-fraction"));
                }
                default -> throw new AssertionError("unexpected method " + experiment.method());
            }
        }
    }
}

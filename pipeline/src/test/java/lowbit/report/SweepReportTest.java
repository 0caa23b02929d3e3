package lowbit.report;

import lowbit.sweep.SeedCellRunner;
import lowbit.sweep.SweepRunner;
import lowbit.sweep.SweepRunnerTest;
import lowbit.testing.TestSpark;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Tag("spark")
class SweepReportTest {
    @TempDir
    Path tmp;

    @Test
    void reportHasEveryChartAndItsTables() throws Exception {
        Path sweep = tmp.resolve("sweep");
        new SweepRunner(TestSpark.session(), SweepRunnerTest.spec(sweep, "[1, 2, 3]"), new SeedCellRunner(0)).run();
        String index = new SweepReport(TestSpark.session(), sweep.toString()).write();
        Path html = Path.of(index);
        assertEquals(sweep.resolve("report/index.html"), html);
        String page = Files.readString(html);

        Matcher images = Pattern.compile("<img src=\"([^\"]+)\"").matcher(page);
        int charts = 0;
        while (images.find()) {
            BufferedImage png = ImageIO.read(html.resolveSibling(images.group(1)).toFile());
            assertEquals(Charts.WIDTH, png.getWidth());
            assertTrue(distinctColors(png) > 8, images.group(1) + " is drawn, not blank");
            charts++;
        }
        assertEquals(4, charts, "size/Pareto, bits, sparsity and layer charts");
        assertTrue(page.contains("<td>ptq</td><td>2</td><td>3</td><td>52.0</td>"), "mean accuracy of the ptq cells");
        assertTrue(page.contains("<td>conv1/W</td>"));

        Path shot = tmp.resolve("shot.png");
        Process p = new ProcessBuilder("/usr/bin/chromium", "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + tmp.resolve("chrome"), "--window-size=1000,2400", "--screenshot=" + shot,
                html.toUri().toString()).redirectErrorStream(true).redirectOutput(tmp.resolve("chromium.log").toFile()).start();
        assertTrue(p.waitFor(2, TimeUnit.MINUTES), "chromium finished");
        BufferedImage screenshot = Files.exists(shot) ? ImageIO.read(shot.toFile()) : null;
        assertTrue(screenshot != null, "chromium wrote a screenshot: " + Files.readString(tmp.resolve("chromium.log")));
        assertTrue(distinctColors(screenshot) > 50, "the page rendered with its charts");
    }

    @Test
    void paretoFrontierKeepsOnlyUndominatedPoints() {
        List<double[]> frontier = Pareto.frontier(List.of(new double[]{10, 80}, new double[]{5, 70}, new double[]{20, 79},
                new double[]{5, 60}, new double[]{30, 90}));
        assertEquals(3, frontier.size());
        assertEquals(List.of(5.0, 10.0, 30.0), frontier.stream().map(p -> p[0]).toList());
    }

    private static int distinctColors(BufferedImage image) {
        java.util.Set<Integer> colors = new java.util.HashSet<>();
        for (int y = 0; y < image.getHeight(); y += 3) {
            for (int x = 0; x < image.getWidth(); x += 3) {
                colors.add(image.getRGB(x, y));
            }
        }
        return colors.size();
    }
}

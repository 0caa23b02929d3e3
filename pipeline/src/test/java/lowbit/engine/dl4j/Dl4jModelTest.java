package lowbit.engine.dl4j;

import lowbit.engine.ModelFiles;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;

import lowbit.model.graph.ParamKind;
import lowbit.model.graph.ParamView;
import lowbit.tensor.Tensor;
import lowbit.engine.TrainableModel;
import lowbit.testdata.GradientChecks;
import lowbit.testdata.RandomBatch;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

@Tag("unit")
class Dl4jModelTest {

    private static final RandomBatch BATCH = RandomBatch.of(7, 5, TinyGraphs.CHANNELS, TinyGraphs.SIZE, TinyGraphs.SIZE, TinyGraphs.CLASSES);

    private static Dl4jModel tiny(DataType dataType) {
        return Dl4jModel.wrap(TinyGraphs.convBnDense(42, dataType));
    }

    @Test
    void viewsTileTheParameterBufferInOrderWithRowMajorShapes() {
        Dl4jModel model = tiny(DataType.FLOAT);
        List<ParamView> views = model.parameterViews();
        assertEquals(List.of("conv/b", "conv/W", "bn1/gamma", "bn1/beta", "dw/W", "bn2/gamma", "bn2/beta",
                "fc/W", "fc/b", "out/W", "out/b"), views.stream().map(ParamView::name).toList());
        assertEquals(List.of(ParamKind.BIAS, ParamKind.CONV_WEIGHT, ParamKind.BN_GAMMA, ParamKind.BN_BETA,
                ParamKind.DEPTHWISE_WEIGHT, ParamKind.BN_GAMMA, ParamKind.BN_BETA, ParamKind.DENSE_WEIGHT,
                ParamKind.BIAS, ParamKind.DENSE_WEIGHT, ParamKind.BIAS), views.stream().map(ParamView::kind).toList());
        Map<String, int[]> shapes = Map.of("conv/W", new int[] {3, 2, 3, 3}, "dw/W", new int[] {3, 3, 3, 1},
                "fc/W", new int[] {4, 12}, "out/W", new int[] {3, 4}, "bn1/gamma", new int[] {3});
        shapes.forEach((name, shape) -> assertArrayEquals(shape, view(model, name).shape(), name));
        assertEquals(0, view(model, "conv/W").outAxis());
        assertEquals(2, view(model, "dw/W").outAxis());
        assertEquals(0, view(model, "fc/W").outAxis());
        int offset = 0;
        for (ParamView v : views) {
            assertEquals(offset, v.offset(), v.name());
            offset += v.length();
        }
        // conv 54+3, bn1 3+3, dw 27, bn2 3+3, fc 12*4+4, out 4*3+3
        assertEquals(54 + 3 + 6 + 27 + 6 + 52 + 15, offset);
        assertEquals(offset, model.parameterCount());
        assertEquals(List.of("bn1/mean", "bn1/var", "bn2/mean", "bn2/var"),
                model.batchNormStateViews().stream().map(ParamView::name).toList());
    }

    @Test
    void viewShapesDescribeWhereDl4jKeepsEachValue() {
        Dl4jModel model = tiny(DataType.FLOAT);
        float[] ramp = new float[model.parameterCount()];
        for (int i = 0; i < ramp.length; i++) ramp[i] = i;
        model.setParameters(ramp);
        ComputationGraph graph = model.graph();
        // Dense W: DL4J [in, out]; ours row-major [out, in].
        ParamView fc = view(model, "fc/W");
        INDArray fcW = graph.getParam("fc_W");
        for (int o = 0; o < 4; o++) {
            for (int i = 0; i < 12; i++) {
                assertEquals(ramp[fc.offset() + o * 12 + i], fcW.getFloat(i, o), 0f);
            }
        }
        // Conv W: DL4J [out, in, kH, kW], same as ours.
        ParamView conv = view(model, "conv/W");
        assertEquals(ramp[conv.offset() + ((2 * 2 + 1) * 3 + 2) * 3 + 1], graph.getParam("conv_W").getFloat(2, 1, 2, 1), 0f);
        ParamView dw = view(model, "dw/W");
        assertEquals(ramp[dw.offset() + (1 * 3 + 2) * 3 + 1], graph.getParam("dw_W").getFloat(1, 2, 1, 0), 0f);
        ParamView gamma = view(model, "bn2/gamma");
        assertEquals(ramp[gamma.offset() + 2], graph.getParam("bn2_gamma").getFloat(2), 0f);
    }

    @Test
    void parametersAndBatchNormStateRoundTripSeparately() {
        Dl4jModel model = tiny(DataType.FLOAT);
        float[] p = randomFloats(model.parameterCount(), 1);
        float[] s = randomFloats(model.batchNormState().length, 2);
        for (int i = 0; i < s.length; i++) s[i] = Math.abs(s[i]);
        model.setParameters(p);
        model.setBatchNormState(s);
        assertArrayEquals(p, model.parameters());
        assertArrayEquals(s, model.batchNormState());
        assertArrayEquals(s, new float[] {
                model.graph().getParam("bn1_mean").getFloat(0), model.graph().getParam("bn1_mean").getFloat(1),
                model.graph().getParam("bn1_mean").getFloat(2), model.graph().getParam("bn1_var").getFloat(0),
                model.graph().getParam("bn1_var").getFloat(1), model.graph().getParam("bn1_var").getFloat(2),
                s[6], s[7], s[8], s[9], s[10], s[11]});
    }

    @Test
    void trainingPassUpdatesRunningStatisticsLikeAMomentumOfPointOne() {
        Dl4jModel model = tiny(DataType.DOUBLE);
        INDArray conv = model.graph().feedForward(toArray(BATCH.features()), true).get("conv");
        INDArray batchMean = conv.mean(0, 2, 3);
        INDArray batchVar = conv.var(false, 0, 2, 3);
        model.forwardBackward(BATCH.features(), BATCH.labels());
        float[] state = model.batchNormState();
        for (int c = 0; c < 3; c++) {
            assertEquals(0.1 * batchMean.getDouble(c), state[c], 1e-6);
            assertEquals(0.9 + 0.1 * batchVar.getDouble(c), state[3 + c], 1e-4);
        }
    }

    @Test
    void gradientOfTheMeanLossMatchesFiniteDifferences() {
        Dl4jModel model = tiny(DataType.DOUBLE);
        GradientChecks.assertMatchesFiniteDifferences(model, BATCH.features(), BATCH.labels(), 40, 3);
    }

    @Test
    void indexAndOneHotLabelsGiveTheSameLossAndGradient() {
        Dl4jModel model = tiny(DataType.FLOAT);
        double a = model.forwardBackward(BATCH.features(), BATCH.labels());
        float[] ga = model.gradients();
        float[] oneHot = new float[BATCH.labels().length * TinyGraphs.CLASSES];
        for (int i = 0; i < BATCH.labels().length; i++) oneHot[i * TinyGraphs.CLASSES + BATCH.labels()[i]] = 1;
        double b = model.forwardBackward(BATCH.features(), Tensor.of(oneHot, BATCH.labels().length, TinyGraphs.CLASSES));
        assertEquals(a, b, 1e-6);
        assertArrayEquals(ga, model.gradients(), 1e-6f);
        assertNotEquals(0f, ga[0]);
    }

    @Test
    void savedModelLoadsWithIdenticalPredictions(@TempDir Path dir) throws IOException {
        Dl4jModel model = tiny(DataType.FLOAT);
        model.forwardBackward(BATCH.features(), BATCH.labels());
        Path file = dir.resolve("tiny.zip");
        ModelFiles.save(model, file);
        TrainableModel loaded = ModelFiles.read(file, Dl4jEngine.NAME, 0).model();
        assertArrayEquals(model.parameters(), loaded.parameters());
        assertArrayEquals(model.batchNormState(), loaded.batchNormState());
        Tensor before = model.forward(BATCH.features());
        assertArrayEquals(new int[] {5, TinyGraphs.CLASSES}, before.shape());
        assertArrayEquals(before.data(), loaded.forward(BATCH.features()).data());
        assertEquals(1.0, before.get(0, 0) + before.get(0, 1) + before.get(0, 2), 1e-5);
    }

    /** DL4J zips written before lowbit's layers moved to lowbit.engine.dl4j.layers name them by their old package. */
    @Test
    void aZipNamingTheLayersOldPackageStillLoads(@TempDir Path dir) throws IOException {
        Dl4jModel model = Dl4jNetworks.build(lowbit.model.LeNet.mnist(3));
        Path file = dir.resolve("new.zip");
        model.saveDl4jZip(file);
        Path old = dir.resolve("old.zip");
        try (java.util.zip.ZipFile in = new java.util.zip.ZipFile(file.toFile());
             java.util.zip.ZipOutputStream out = new java.util.zip.ZipOutputStream(java.nio.file.Files.newOutputStream(old))) {
            for (var e : java.util.Collections.list(in.entries())) {
                out.putNextEntry(new java.util.zip.ZipEntry(e.getName()));
                byte[] bytes = in.getInputStream(e).readAllBytes();
                if (e.getName().equals("configuration.json")) {
                    String json = new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
                    assertTrue(json.contains("\"lowbit.engine.dl4j.layers.NativeConvolution\""), "the native layers are in the JSON");
                    bytes = json.replace("\"lowbit.engine.dl4j.layers.", "\"lowbit.model.layers.").getBytes(java.nio.charset.StandardCharsets.UTF_8);
                }
                out.write(bytes);
                out.closeEntry();
            }
        }
        Dl4jModel loaded = Dl4jModel.load(old);
        assertArrayEquals(model.parameters(), loaded.parameters());
        Tensor x = RandomBatch.of(1, 2, 1, 28, 28, 10).features();
        assertArrayEquals(model.forward(x).data(), loaded.forward(x).data());
    }

    private static ParamView view(TrainableModel model, String name) {
        return model.parameterViews().stream().filter(v -> v.name().equals(name)).findFirst().orElseThrow();
    }

    private static float[] randomFloats(int n, long seed) {
        Random rng = new Random(seed);
        float[] x = new float[n];
        for (int i = 0; i < n; i++) x[i] = (float) rng.nextGaussian();
        return x;
    }

    private static INDArray toArray(Tensor t) {
        return org.nd4j.linalg.factory.Nd4j.create(t.data(), new long[] {t.dim(0), t.dim(1), t.dim(2), t.dim(3)}, 'c')
                .castTo(DataType.DOUBLE);
    }
}

package lowbit.imports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.node.ObjectNode;
import lowbit.data.read.ImageExample;
import lowbit.data.read.Normalization;
import lowbit.data.read.ShardFiles;
import lowbit.engine.Engines;
import lowbit.tensor.Tensor;
import lowbit.engine.TrainableModel;
import lowbit.model.ModelFile;
import lowbit.model.graph.ParamView;
import lowbit.testing.Shard;
import lowbit.testing.SharedData;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The two published Keras MobileNetV1s imported and run on both engines against an independent PyTorch implementation
 * of the same HDF5 files (bench/keras-reference, float64): the logits of every one of the 1,000 VWW images.
 */
@Tag("spark")
@Tag("data")
class KerasImportTest {

    static final Path VWW = SharedData.root().getParent().resolve("models/mlperf-tiny-vww-mobilenet_v1_0.25_96.h5");
    static final Path IMAGENET = SharedData.root().getParent().resolve("models/imagenet-mobilenet_v1_0.25_224.h5");

    @TempDir
    static Path dir;
    private static List<ImageExample> images;

    @BeforeAll
    static void shardTheVwwImages() {
        Shard.run("folders", SharedData.path("vww96"), dir.resolve("vww"), "size=96x96", "split.train=0", "split.val=0", "split.test=1");
        images = new ArrayList<>();
        Iterator<ImageExample> it = ShardFiles.read(ShardFiles.of(dir.resolve("vww").toString(), "test"));
        it.forEachRemaining(images::add);
        assertEquals(1000, images.size());
    }

    @ParameterizedTest
    @ValueSource(strings = {"torch", "dl4j"})
    void theVwwPersonDetectorGivesTheReferenceLogitsOnEveryImage(String engine) throws IOException {
        ModelFile f = ModelImport.run(new ModelImport.Request(ModelImport.KERAS_H5, VWW, engine, List.of("non_person", "person"), 0, null, 0));
        assertEquals("mobilenetv1 alpha=0.25 bias=true bn-eps=0.001 channels=3 classes=2 padding=same relu6=false seed=0 size=96", f.architecture());
        assertEquals(Normalization.UNIT, f.input(), "MLPerf Tiny trained on x / 255");
        TrainableModel model = load(f, engine);
        Map<String, double[]> reference = csv("vww96-mlperf-reference-logits.csv", 2);
        double worst = 0;
        int agree = 0;
        int correct = 0;
        for (int from = 0; from < images.size(); from += 200) {
            List<ImageExample> batch = images.subList(from, Math.min(images.size(), from + 200));
            float[][] logits = logits(model, batch, f.input());
            for (int i = 0; i < batch.size(); i++) {
                double[] ref = reference.get(batch.get(i).id());
                double scale = Math.max(1, Math.max(Math.abs(ref[0]), Math.abs(ref[1])));
                for (int k = 0; k < 2; k++) worst = Math.max(worst, Math.abs(logits[i][k] - ref[k]) / scale);
                int ours = logits[i][1] > logits[i][0] ? 1 : 0;
                if (ours == (ref[1] > ref[0] ? 1 : 0)) agree++;
                if (ours == batch.get(i).label()) correct++;
            }
        }
        System.out.printf("%s: largest logit difference %.3g (relative to max(1, |logit|)), accuracy %d / 1000%n", engine, worst, correct);
        assertTrue(worst < 1e-4, "logits within 1e-4 of the reference, worst " + worst);
        assertEquals(1000, agree, "the same predicted class on every image");
        assertEquals(853, correct, "the reference model's 85.3 %");
    }

    @Test
    void theImagenetModelGivesTheReferenceLogitsOfItsTopFiveClasses() throws IOException {
        ModelFile f = ModelImport.run(new ModelImport.Request(ModelImport.KERAS_H5, IMAGENET, "torch", List.of(), 0, null, 0));
        assertTrue(f.architecture().contains("classes=1000") && f.architecture().contains("size=224"), f.architecture());
        assertEquals(0.5, f.input().mean()[0], "Keras applications scale to [-1, 1]");
        // fully convolutional: the same weights at 96x96, as the reference ran it
        String at96 = f.architecture().replace("size=224", "size=96");
        TrainableModel model = Engines.named("torch", 0).build(at96);
        model.setParameters(f.parameters());
        model.setBatchNormState(f.state());
        Map<String, double[]> reference = csv("vww96-imagenet-top5.csv", 10);
        double worst = 0;
        for (int from = 0; from < images.size(); from += 200) {
            List<ImageExample> batch = images.subList(from, Math.min(images.size(), from + 200));
            float[][] logits = logits(model, batch, f.input());
            for (int i = 0; i < batch.size(); i++) {
                double[] ref = reference.get(batch.get(i).id());
                for (int k = 0; k < 5; k++) {
                    worst = Math.max(worst, Math.abs(logits[i][(int) ref[2 * k]] - ref[2 * k + 1]) / Math.max(1, Math.abs(ref[1])));
                }
            }
        }
        System.out.printf("imagenet: largest top-5 logit difference %.3g%n", worst);
        assertTrue(worst < 1e-4, "top-5 logits within 1e-4 of the reference, worst " + worst);
    }

    @Test
    void aNewHeadKeepsEveryOtherWeight() {
        ModelFile kept = ModelImport.run(new ModelImport.Request(ModelImport.KERAS_H5, IMAGENET, "torch", List.of(), 0, null, 0));
        ModelFile fresh = ModelImport.run(new ModelImport.Request(ModelImport.KERAS_H5, IMAGENET, "torch", List.of("no", "yes"), 2, null, 7));
        assertTrue(fresh.architecture().contains("classes=2"), fresh.architecture());
        TrainableModel model = Engines.named("torch", 0).build(fresh.architecture());
        ParamView fc = model.parameterViews().stream().filter(v -> v.name().equals("fc/W")).findFirst().orElseThrow();
        assertEquals(fc.offset(), java.util.Arrays.mismatch(kept.parameters(), fresh.parameters()), "the same weights up to the new head");
        assertEquals(kept.state().length, fresh.state().length);
    }

    @Test
    void aLayerThatDoesNotMapIsNamedWithTheReason() {
        List<KerasLayer> layers = new ArrayList<>(KerasH5.read(VWW));
        int i = indexOf(layers, "depthwise_conv2d_2");
        KerasLayer dw = layers.get(i);
        ObjectNode config = dw.config().deepCopy();
        config.putArray("strides").add(2).add(2);
        layers.set(i, new KerasLayer(dw.className(), dw.name(), config, dw.inputs(), dw.weights()));
        ImportError e = assertThrows(ImportError.class, () -> KerasMobileNetV1.map(layers));
        assertTrue(e.getMessage().contains("DepthwiseConv2D 'depthwise_conv2d_2'") && e.getMessage().contains("strides [2,2]"), e.getMessage());

        List<KerasLayer> swish = new ArrayList<>(KerasH5.read(VWW));
        int a = indexOf(swish, "activation_3");
        ObjectNode act = swish.get(a).config().deepCopy();
        act.put("activation", "swish");
        swish.set(a, new KerasLayer("Activation", "activation_3", act, swish.get(a).inputs(), Map.of()));
        ImportError s = assertThrows(ImportError.class, () -> KerasMobileNetV1.map(swish));
        assertTrue(s.getMessage().contains("Activation 'activation_3'") && s.getMessage().contains("swish"), s.getMessage());
    }

    @Test
    void badFilesAndClassCountsAreErrorsNamingThem() throws IOException {
        Path missing = dir.resolve("missing.h5");
        assertTrue(assertThrows(ImportError.class, () -> KerasH5.read(missing)).getMessage().contains("does not exist"));
        byte[] bytes = Files.readAllBytes(VWW);
        Path truncated = Files.write(dir.resolve("truncated.h5"), java.util.Arrays.copyOf(bytes, bytes.length / 3));
        ImportError t = assertThrows(ImportError.class, () -> KerasH5.read(truncated));
        assertTrue(t.getMessage().contains("truncated.h5"), t.getMessage());
        Path text = Files.writeString(dir.resolve("notes.h5"), "hello");
        assertTrue(assertThrows(ImportError.class, () -> KerasH5.read(text)).getMessage().contains("notes.h5"));
        ImportError classes = assertThrows(ImportError.class, () -> ModelImport.run(new ModelImport.Request(ModelImport.KERAS_H5, VWW,
                "torch", List.of("a", "b", "c"), 0, null, 0)));
        assertTrue(classes.getMessage().contains("3 classes") && classes.getMessage().contains("has 2"), classes.getMessage());
    }

    private static int indexOf(List<KerasLayer> layers, String name) {
        for (int i = 0; i < layers.size(); i++) {
            if (layers.get(i).name().equals(name)) return i;
        }
        throw new AssertionError("no layer " + name);
    }

    private static TrainableModel load(ModelFile f, String engine) {
        TrainableModel model = Engines.named(engine, 0).build(f.architecture());
        model.setParameters(f.parameters());
        model.setBatchNormState(f.state());
        return model;
    }

    /** The model's logits for a batch of shard images scaled by {@code n}. */
    static float[][] logits(TrainableModel model, List<ImageExample> batch, Normalization n) {
        Tensor logits = model.logits(lowbit.eval.ModelEvaluation.images(batch, n));
        int classes = logits.dim(1);
        float[][] out = new float[batch.size()][];
        for (int b = 0; b < batch.size(); b++) out[b] = java.util.Arrays.copyOfRange(logits.data(), b * classes, (b + 1) * classes);
        return out;
    }

    /** image id -> the numbers after the id column (the label skipped for the logits file). */
    private static Map<String, double[]> csv(String resource, int values) throws IOException {
        Map<String, double[]> rows = new HashMap<>();
        try (InputStream in = KerasImportTest.class.getResourceAsStream("/lowbit/imports/" + resource)) {
            List<String> lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().skip(1).toList();
            for (String line : lines) {
                String[] f = line.split(",");
                int skip = f.length - values;
                double[] v = new double[values];
                for (int i = 0; i < values; i++) v[i] = Double.parseDouble(f[skip + i]);
                rows.put(f[0], v);
            }
        }
        return rows;
    }
}

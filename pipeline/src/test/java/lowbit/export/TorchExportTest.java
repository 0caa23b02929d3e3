package lowbit.export;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.nio.file.Path;
import java.util.Map;
import java.util.Random;

import lowbit.engine.Engine;
import lowbit.model.graph.ParamKind;
import lowbit.model.graph.ParamView;
import lowbit.tensor.Tensor;
import lowbit.engine.TrainableModel;
import lowbit.engine.torch.TorchEngine;
import lowbit.engine.torch.TorchModel;
import lowbit.ptq.PostTrainingQuantization;
import lowbit.ptq.QuantizationPlan;
import lowbit.testdata.FashionMnistSample;
import lowbit.testing.CifarJpegBatch;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;

/** A torch engine model exports (batch norms folded, 4 bits per channel) and reads back on the torch engine. */
@Tag("data")
class TorchExportTest {

    @TempDir
    Path tmp;

    /** The residual models in their deterministic mode (EnResNet noise 0), on real CIFAR-10 images. */
    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
            "mobilenetv1; size=28,classes=10,seed=6",
            "preact-resnet20; shortcut=projection,seed=6",
            "enresnet20; noise=0,seed=6"})
    void packedTorchModelReadsBackWithThePredictionsOfItsQuantizedCopy(String name, String options) throws Exception {
        Engine engine = new TorchEngine(1);
        Map<String, String> o = new java.util.HashMap<>();
        for (String kv : options.split(",")) o.put(kv.substring(0, kv.indexOf('=')), kv.substring(kv.indexOf('=') + 1));
        TrainableModel model = engine.zoo(name, o);
        Random rng = new Random(5);
        float[] s = model.batchNormState();
        for (ParamView v : model.batchNormStateViews()) {
            for (int i = 0; i < v.length(); i++) {
                s[v.offset() + i] = v.kind() == ParamKind.BN_VAR ? 0.5f + 1.5f * rng.nextFloat() : 0.1f * (float) rng.nextGaussian();
            }
        }
        model.setBatchNormState(s);
        Tensor images = name.equals("mobilenetv1") ? FashionMnistSample.firstTest(16).images() : CifarJpegBatch.first(1).features();
        QuantizationPlan plan = QuantizationPlan.uniform(model, 4, true, true);
        PackedModelWriter.write(model, plan, engine, tmp.resolve("torch.lbq"));
        TrainableModel read = PackedModelReader.read(tmp.resolve("torch.lbq"));
        assertInstanceOf(TorchModel.class, read);
        ExportAssertions.samePredictions(PostTrainingQuantization.quantizedCopy(model, plan, engine), read, images);
    }
}

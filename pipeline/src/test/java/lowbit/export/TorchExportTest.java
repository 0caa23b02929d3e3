package lowbit.export;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.nio.file.Path;
import java.util.Map;
import java.util.Random;

import lowbit.engine.Engine;
import lowbit.engine.ParamKind;
import lowbit.engine.ParamView;
import lowbit.engine.Tensor;
import lowbit.engine.TrainableModel;
import lowbit.engine.torch.TorchEngine;
import lowbit.engine.torch.TorchModel;
import lowbit.ptq.PostTrainingQuantization;
import lowbit.ptq.QuantizationPlan;
import lowbit.testdata.FashionMnistSample;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A torch engine model exports (batch norms folded, 4 bits per channel) and reads back on the torch engine. */
class TorchExportTest {

    @TempDir
    Path tmp;

    @Test
    void packedTorchModelReadsBackWithThePredictionsOfItsQuantizedCopy() throws Exception {
        Engine engine = new TorchEngine(1);
        TrainableModel model = engine.zoo("mobilenetv1", Map.of("size", "28", "classes", "10", "seed", "6"));
        Random rng = new Random(5);
        float[] s = model.batchNormState();
        for (ParamView v : model.batchNormStateViews()) {
            for (int i = 0; i < v.length(); i++) {
                s[v.offset() + i] = v.kind() == ParamKind.BN_VAR ? 0.5f + 1.5f * rng.nextFloat() : 0.1f * (float) rng.nextGaussian();
            }
        }
        model.setBatchNormState(s);
        Tensor images = FashionMnistSample.firstTest(16).images();
        QuantizationPlan plan = QuantizationPlan.uniform(model, 4, true, true);
        PackedModelWriter.write(model, plan, engine, tmp.resolve("torch.lbq"));
        TrainableModel read = PackedModelReader.read(tmp.resolve("torch.lbq"));
        assertInstanceOf(TorchModel.class, read);
        ExportAssertions.samePredictions(PostTrainingQuantization.quantizedCopy(model, plan, engine), read, images);
    }
}

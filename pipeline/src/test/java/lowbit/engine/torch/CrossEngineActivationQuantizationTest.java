package lowbit.engine.torch;

import lowbit.engine.dl4j.Dl4jEngine;

import static lowbit.engine.torch.CrossEngineTest.assertClose;
import static lowbit.engine.torch.CrossEngineTest.images;
import static lowbit.engine.torch.CrossEngineTest.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Random;

import lowbit.model.graph.ParamKind;
import lowbit.tensor.Tensor;
import lowbit.engine.TrainableModel;
import lowbit.model.ModelZoo;
import lowbit.ptq.ActivationSites;
import lowbit.ptq.CalibratedActivations;
import lowbit.ptq.PostTrainingQuantization;
import lowbit.ptq.QuantizationPlan;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Both engines quantize the same activation tensors and, with the same folded 8-bit weights and the same calibrated
 * 8-bit activation grids, predict the same.
 */
@Tag("unit")
class CrossEngineActivationQuantizationTest {

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
            "lenet; ''; input,conv1,conv2,fc1",
            "resnet20; ''; ",
            "mobilenetv1; size=32,classes=10; input,act,b1.dw_act,b1.pw_act",
            "mobilenetv1; size=32,classes=10,block=quant-friendly,alpha=0.5; input,act,b1.dw,b1.pw_act"})
    void bothEnginesQuantizeTheSameTensorsAndPredictTheSame(String name, String options, String firstSites) {
        Map<String, String> o = options(options);
        TrainableModel dl4j = new Dl4jEngine().zoo(name, o);
        TrainableModel torch = Zoo.torch(name, o, 1);
        List<String> sites = ActivationSites.of(dl4j);
        assertEquals(sites, ActivationSites.of(torch));
        if (firstSites != null) {
            List<String> expected = List.of(firstSites.split(","));
            assertEquals(expected, sites.subList(0, Math.min(sites.size(), expected.size())));
        }
        int batch = 8;
        Tensor x = images(batch, name.contains("resnet") ? 3 : 1, name.equals("lenet") ? 28 : 32, 11);
        float[] state = dl4j.batchNormState();
        Random r = new Random(7);
        for (var v : dl4j.batchNormStateViews()) {
            for (int i = v.offset(); i < v.offset() + v.length(); i++) {
                state[i] = v.kind() == ParamKind.BN_VAR ? 0.5f + r.nextFloat() : 0.2f * (float) r.nextGaussian();
            }
        }
        dl4j.setBatchNormState(state);
        PostTrainingQuantization.apply(dl4j, QuantizationPlan.uniform(dl4j, 8, false, true)).applyTo(dl4j);
        torch.setParameters(dl4j.parameters());
        torch.setBatchNormState(dl4j.batchNormState());
        CalibratedActivations a8 = PostTrainingQuantization.calibrateActivations(dl4j, List.of(images(batch, x.dim(1), x.dim(2), 3)), 8);
        assertEquals(sites, List.copyOf(a8.tensors()));

        assertClose("quantized predictions", dl4j.forward(x, a8).data(), torch.forward(x, a8).data(), 1e-3);
        Map<String, Tensor> dl4jActs = dl4j.activations(x, a8);
        String last = sites.get(sites.size() - 1);
        float[] floatLast = dl4j.activations(x).get(last).data();
        double moved = 0;
        for (int i = 0; i < floatLast.length; i++) moved = Math.max(moved, Math.abs(floatLast[i] - dl4jActs.get(last).data()[i]));
        assertTrue(moved > 1e-6, "activation quantization changes " + last);
        Map<String, Tensor> torchActs = torch.activations(x, a8);
        for (String site : sites) {
            double step = a8.quantizer(site).step();
            assertClose("quantized " + site, dl4jActs.get(site).data(), torchActs.get(site).data(), 2 * step);
        }
    }
}

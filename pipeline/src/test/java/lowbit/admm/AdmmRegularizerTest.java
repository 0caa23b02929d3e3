package lowbit.admm;

import lowbit.method.WeightLayers;
import lowbit.model.graph.ParamKind;
import lowbit.model.graph.ParamView;
import lowbit.sparse.Sparsity;
import lowbit.sparse.TopKProjection;
import lowbit.tensor.ChannelLayout;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** ADMM pruning on flat buffers: the pull, the split's schedule, the final projection and its checkpointed state. */
@Tag("unit")
class AdmmRegularizerTest {
    // conv1 [4 out, 1 in, 1, 5] at 0, bias [4] at 20, conv2 [3 out, 4 in, 1, 2] at 24, fc [24 in, 10 out] at 48
    private static final List<ParamView> VIEWS = List.of(
            new ParamView("conv1/W", ParamKind.CONV_WEIGHT, 0, new int[] {4, 1, 1, 5}, 0),
            new ParamView("conv1/b", ParamKind.BIAS, 20, new int[] {4}, 0),
            new ParamView("conv2/W", ParamKind.CONV_WEIGHT, 24, new int[] {3, 4, 1, 2}, 0),
            new ParamView("fc/W", ParamKind.DENSE_WEIGHT, 48, new int[] {24, 10}, 1));
    private static final int LENGTH = 288;

    private static float[] random(long seed) {
        Random rng = new Random(seed);
        float[] p = new float[LENGTH];
        for (int i = 0; i < p.length; i++) {
            p[i] = (float) rng.nextGaussian();
        }
        return p;
    }

    private static AdmmRegularizer admm(double keep, int updateSteps, WeightLayers.Groups groups) {
        AdmmRegularizer r = new AdmmRegularizer(0.1, keep, updateSteps, new WeightLayers("lowbit.train.admm", "mode", List.of(), groups));
        r.bind(VIEWS);
        r.restore(null);
        return r;
    }

    /** Plain gradient steps on a fixed loss gradient, as the trainer would: the penalty's pull plus the loss. */
    private static float[] steps(AdmmRegularizer r, float[] params, int n, boolean epochEnd) {
        float[] loss = random(99);
        for (int s = 0; s < n; s++) {
            float[] grad = new float[LENGTH];
            for (int i = 0; i < LENGTH; i++) {
                grad[i] = 0.01f * loss[i];
            }
            r.addGradient(params, grad, VIEWS, 0);
            for (int i = 0; i < LENGTH; i++) {
                params[i] -= 0.5f * grad[i];
            }
        }
        if (epochEnd) {
            r.onEpochEnd(params, VIEWS);
        }
        return params;
    }

    @Test
    void firstStepPullsTowardTheTopKOfTheStartingWeightsOnly() {
        float[] w = random(1);
        float[] grad = new float[LENGTH];
        AdmmRegularizer r = admm(0.25, 0, null);
        double penalty = r.addGradient(w, grad, VIEWS, 0);
        double expectedPenalty = 0;
        for (ParamView v : VIEWS) {
            float[] part = v.read(w);
            float[] z = v.kind().isWeight() ? TopKProjection.ofWeights(part, 0.25) : part;
            for (int i = 0; i < part.length; i++) {
                double d = v.kind().isWeight() ? 0.1 * ((double) part[i] - z[i]) : 0;
                assertEquals(d, grad[v.offset() + i], 1e-6, v.name() + " " + i);
                expectedPenalty += 0.1 / 2 * (part[i] - z[i]) * (part[i] - z[i]);
            }
        }
        assertEquals(expectedPenalty, penalty, 1e-4);
    }

    @Test
    void trainingEndsWithExactlyTheKeptFractionOfEveryTensor() {
        AdmmRegularizer r = admm(0.25, 0, null);
        float[] w = steps(r, random(2), 5, true);
        steps(r, w, 3, true);
        r.onTrainingEnd(w, VIEWS);
        assertEquals(15, Sparsity.ofWeights(VIEWS.get(0).read(w)).zeros(), "round(0.25 x 20) = 5 of conv1 kept");
        assertEquals(18, Sparsity.ofWeights(VIEWS.get(2).read(w)).zeros());
        assertEquals(180, Sparsity.ofWeights(VIEWS.get(3).read(w)).zeros());
        assertEquals(0, Sparsity.ofWeights(VIEWS.get(1).read(w)).zeros(), "biases are not pruned");
    }

    @Test
    void channelModePrunesInputGroupsOfConvLayersWithMoreThanOneGroup() {
        float[] w = random(3);
        float[] before = w.clone();
        AdmmRegularizer r = admm(0.5, 0, WeightLayers.Groups.INPUT);
        steps(r, w, 2, true);
        r.onTrainingEnd(w, VIEWS);
        Sparsity groups = Sparsity.ofGroups(VIEWS.get(2).read(w), ChannelLayout.convInputChannels(new int[] {3, 4, 1, 2}));
        assertEquals(2, groups.zeros(), "2 of conv2's 4 input channels are zero");
        assertEquals(0, Sparsity.ofWeights(VIEWS.get(0).read(w)).zeros(), "conv1 has one input channel: left alone");
        assertEquals(0, Sparsity.ofWeights(VIEWS.get(3).read(w)).zeros(), "dense layers are not grouped");
        assertNotEquals(before[0], w[0], "but still trained");
    }

    @Test
    void splitUpdatesEveryKStepsOrAtEpochEnds() {
        AdmmRegularizer everyTwo = admm(0.25, 2, null);
        float[] a = steps(everyTwo, random(4), 5, false);
        AdmmRegularizer.State s = (AdmmRegularizer.State) everyTwo.state();
        assertEquals(5, s.steps());
        assertNotEquals(0f, maxAbs(s.v().get("conv2/W")), "the dual moved after steps 2 and 4");

        AdmmRegularizer atEpochEnd = admm(0.25, 0, null);
        float[] b = steps(atEpochEnd, random(4), 5, false);
        assertEquals(0f, maxAbs(((AdmmRegularizer.State) atEpochEnd.state()).v().get("conv2/W")), "no update before the epoch end");
        atEpochEnd.onEpochEnd(b, VIEWS);
        assertNotEquals(0f, maxAbs(((AdmmRegularizer.State) atEpochEnd.state()).v().get("conv2/W")));
        assertNotEquals(a[30], b[30]);
    }

    @Test
    void restoredStateContinuesExactlyAndAFreshStartDoesNot() throws Exception {
        AdmmRegularizer original = admm(0.25, 3, WeightLayers.Groups.OUTPUT);
        float[] w = steps(original, random(5), 4, true);
        Serializable saved = roundTrip(original.state());
        float[] continued = steps(original, w.clone(), 4, true);

        AdmmRegularizer resumed = admm(0.25, 3, WeightLayers.Groups.OUTPUT);
        resumed.restore(saved);
        assertArrayEquals(continued, steps(resumed, w.clone(), 4, true), 0f);
        AdmmRegularizer fresh = admm(0.25, 3, WeightLayers.Groups.OUTPUT);
        assertNotEquals(continued[30], steps(fresh, w.clone(), 4, true)[30], "the state matters");
        assertNull(admm(0.25, 3, null).state(), "no state before the first step");
    }

    private static Serializable roundTrip(Serializable s) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(s);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            return (Serializable) in.readObject();
        }
    }

    private static float maxAbs(float[] x) {
        float m = 0;
        for (float f : x) {
            m = Math.max(m, Math.abs(f));
        }
        return m;
    }
}

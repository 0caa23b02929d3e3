package lowbit.distill;

import java.io.Serializable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;

import lowbit.LowbitException;
import lowbit.data.read.Batch;
import lowbit.data.read.ImageExample;
import lowbit.data.read.Normalization;
import lowbit.data.read.ShardFiles;
import lowbit.data.shard.Manifest;
import lowbit.engine.ModelFiles;
import lowbit.tensor.Tensor;
import lowbit.engine.TrainableModel;
import lowbit.imports.ModelSources;
import lowbit.model.ModelFile;

/**
 * Knowledge distillation where the minibatch runs (a Spark executor or this JVM): the teacher's logits of the
 * minibatch (the teacher loaded once per thread from its file, in inference mode), the minibatch's share of the
 * unlabeled images (label -1), and the loss ({@link KnowledgeDistillationLoss}). Which unlabeled images a minibatch gets
 * depends only on the epoch, the step, the worker and the minibatch's place among the worker's, so Spark training
 * equals single-JVM training that accumulates the same minibatches.
 */
public final class Distillation implements Serializable {

    private static final ThreadLocal<Map<String, TrainableModel>> TEACHERS = ThreadLocal.withInitial(HashMap::new);
    private static final Map<List<String>, List<ImageExample>> UNLABELED = new ConcurrentHashMap<>();

    private final DistillSettings settings;
    private final String teacherFile;
    private final String engine;
    private final Normalization normalization;
    private final int slices;
    private final int slicesPerWorker;
    private final long seed;

    /**
     * @param teacherFile   the teacher's file, resolved ({@code base} replaced by the base cell's model)
     * @param engine        the engine the teacher runs on
     * @param normalization how pixels become inputs (the unlabeled images', as the labeled ones')
     * @param slices        minibatches per global step (workers x local steps): the unlabeled images of a step are split among them
     * @param slicesPerWorker minibatches of one worker per step
     */
    public Distillation(DistillSettings settings, String teacherFile, String engine, Normalization normalization, int slices,
                        int slicesPerWorker, long seed) {
        if (settings.unlabeledPerStep() % slices != 0) {
            throw new lowbit.config.ConfigError("lowbit.train.distill.unlabeled-per-step = " + settings.unlabeledPerStep()
                    + " is not divisible by the step's " + slices + " minibatches (workers x local steps)");
        }
        this.settings = settings;
        this.teacherFile = teacherFile;
        this.engine = engine;
        this.normalization = normalization;
        this.slices = slices;
        this.slicesPerWorker = slicesPerWorker;
        this.seed = seed;
    }

    public DistillSettings settings() {
        return settings;
    }

    /**
     * Checks, before training starts, that the teacher loads, gives {@code classes} outputs and reads pixels scaled as the
     * run's, and that the unlabeled images have the run's shape ({@code imageShape} C, H, W; null: unknown).
     */
    public void check(int classes, int[] imageShape) {
        Teacher t = load(teacherFile, engine);
        TEACHERS.get().put(teacherFile, t.model());
        int outputs = t.model().modelGraph().map(g -> g.classes()).orElse(classes);
        if (outputs != classes) {
            throw new LowbitException("lowbit.train.distill.teacher = " + teacherFile + " has " + outputs
                    + " classes, the run's dataset " + classes);
        }
        if (t.input() != null && !sameScaling(t.input(), normalization)) {
            throw new LowbitException("lowbit.train.distill.teacher = " + teacherFile + " reads pixels scaled as "
                    + describe(t.input()) + ", the run feeds " + describe(normalization)
                    + " (set lowbit.train.normalization so both match)");
        }
        for (String d : settings.unlabeled()) {
            Manifest.Shape s = Manifest.read(d).shape();
            if (imageShape != null && (s == null || s.channels() != imageShape[0] || s.height() != imageShape[1]
                    || s.width() != imageShape[2])) {
                throw new LowbitException("lowbit.train.distill.unlabeled dataset " + d + " has images of shape " + s
                        + ", the run's are " + java.util.Arrays.toString(imageShape) + " (shard it at that size)");
            }
        }
    }

    private static boolean sameScaling(Normalization a, Normalization b) {
        return java.util.Arrays.equals(a.mean(), b.mean()) && java.util.Arrays.equals(a.std(), b.std());
    }

    private static String describe(Normalization n) {
        return n.mean() == null ? "x / 255" : "(x / 255 - " + java.util.Arrays.toString(n.mean()) + ") / "
                + java.util.Arrays.toString(n.std());
    }

    /** {@code b}, the {@code index}-th minibatch of {@code worker} in a step, with its share of the step's unlabeled images (label -1). */
    public Batch withUnlabeled(Batch b, int epoch, long step, int worker, int index) {
        int slice = worker * slicesPerWorker + index;
        int per = settings.unlabeledPerStep() / slices;
        if (per == 0) return b;
        List<ImageExample> pool = UNLABELED.computeIfAbsent(settings.unlabeled(), Distillation::load);
        int[] order = order(pool.size(), epoch);
        List<ImageExample> mine = new ArrayList<>(per);
        long first = step * settings.unlabeledPerStep() + (long) slice * per;
        for (int i = 0; i < per; i++) mine.add(pool.get(order[(int) ((first + i) % pool.size())]));
        Tensor extra = lowbit.eval.ModelEvaluation.images(mine, normalization);
        int[] shape = b.features().shape();
        int perImage = b.features().data().length / shape[0];
        float[] features = java.util.Arrays.copyOf(b.features().data(), b.features().data().length + extra.data().length);
        System.arraycopy(extra.data(), 0, features, b.features().data().length, extra.data().length);
        int[] labels = java.util.Arrays.copyOf(b.labels(), b.size() + per);
        java.util.Arrays.fill(labels, b.size(), labels.length, -1);
        shape[0] = b.size() + per;
        if (extra.data().length / per != perImage) throw new IllegalStateException("unlabeled images of another shape");
        return new Batch(new Tensor(shape, features), labels);
    }

    /** The distillation loss of a minibatch (labels -1 for unlabeled images), with the teacher's logits of it. */
    public KnowledgeDistillationLoss loss(Batch b) {
        return new KnowledgeDistillationLoss(b.labels(), teacher().logits(b.features()), settings.temperature(), settings.alpha());
    }

    private TrainableModel teacher() {
        return TEACHERS.get().computeIfAbsent(teacherFile, f -> load(f, engine).model());
    }

    /** A teacher model and the pixel scaling it records (null where its file records none). */
    private record Teacher(TrainableModel model, Normalization input) {
    }

    private static Teacher load(String file, String engine) {
        ModelFiles.Loaded loaded = ModelSources.read(file, engine, 0);
        return new Teacher(loaded.model(), loaded.file().map(ModelFile::input).orElse(null));
    }

    /** A seeded permutation of the pool per epoch. */
    private int[] order(int size, int epoch) {
        int[] order = new int[size];
        for (int i = 0; i < size; i++) order[i] = i;
        Random r = new Random(lowbit.SeedMix.mix(seed ^ lowbit.SeedMix.mix(0x4b44L + epoch)));
        for (int i = size - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int tmp = order[i];
            order[i] = order[j];
            order[j] = tmp;
        }
        return order;
    }

    private static List<ImageExample> load(List<String> datasets) {
        List<ImageExample> all = new ArrayList<>();
        for (String d : datasets) {
            for (String split : Manifest.read(d).splits().keySet()) {
                Iterator<ImageExample> it = ShardFiles.read(ShardFiles.of(d, split));
                it.forEachRemaining(all::add);
            }
        }
        if (all.isEmpty()) throw new LowbitException("lowbit.train.distill.unlabeled " + datasets + " hold no images");
        return List.copyOf(all);
    }
}

package lowbit.bench;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.util.Locale;

/**
 * The torch engine's side of bench/lockstep: training and inference steps of a benchmark model in chunks that take
 * turns with the PyTorch reference's, so that each of our chunks and the reference's next one see the same state of a
 * shared machine. A chunk starts when a byte arrives on the {@code in} pipe and, once done, hands the turn on with a
 * byte on {@code out}. Steps are {@link TorchBenchSteps}. Per mode one unrecorded warm-up chunk,
 * then {@code chunks} recorded ones, each printed as a {@code CHUNK} line.
 * Usage: {@code Lockstep <model> <chunks> <chunk seconds> <warm-up seconds> <in pipe> <out pipe>}.
 */
public final class Lockstep {

    private Lockstep() {
    }

    public static void main(String[] args) throws IOException {
        lowbit.engine.NumericKernels.apply();
        BenchModel model = BenchModel.byId(args[0]);
        int chunks = Integer.parseInt(args[1]);
        double seconds = Double.parseDouble(args[2]);
        double warmUp = Double.parseDouble(args[3]);
        TorchBenchSteps torch = TorchBenchSteps.of(model);
        System.out.println(Throughput.machineLine(true)); // before the first turn: it runs libtorch
        try (RandomAccessFile in = new RandomAccessFile(args[4], "rw"); RandomAccessFile out = new RandomAccessFile(args[5], "rw")) {
            for (String mode : new String[] {"train", "infer"}) {
                Runnable step = mode.equals("train") ? torch.train() : torch.infer();
                for (int c = -1; c < chunks; c++) {
                    if (in.read() < 0) throw new IOException("the other side closed " + args[4]);
                    OtherCpuLoad load = new OtherCpuLoad();
                    double rate = Throughput.rate(step, model.batch, c < 0 ? warmUp : seconds);
                    if (c >= 0) {
                        System.out.printf(Locale.ROOT, "CHUNK engine=torch model=%s mode=%s chunk=%d images_per_s=%.1f other_load=%.2f%n",
                                model.id, mode, c, rate, load.fraction());
                    }
                    out.write('t');
                }
            }
        }
    }
}

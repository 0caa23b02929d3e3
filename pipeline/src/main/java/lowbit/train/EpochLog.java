package lowbit.train;

import java.util.Locale;

/** The one log line per epoch: throughput, training loss, evaluations, elapsed time and ETA. */
public final class EpochLog {
    private EpochLog() {
    }

    public static String line(EpochMetrics m, int epochs, double elapsedSeconds, int epochsThisRun) {
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT,
                "epoch %d/%d: %.0f img/s, train loss %.4f", m.epoch() + 1, epochs, m.imagesPerSecond(), m.trainLoss()));
        if (m.penalty() != 0) {
            b.append(String.format(Locale.ROOT, ", penalty %.4g", m.penalty()));
        }
        for (EvalResult e : m.evaluations()) {
            b.append(String.format(Locale.ROOT, ", %s acc %.2f%% loss %.4f", e.split(), 100 * e.accuracy(), e.loss()));
            if (e.robust() != null) {
                b.append(String.format(Locale.ROOT, " (first %d: fgsm acc %.2f%%, ifgsm acc %.2f%%)", e.robust().examples(),
                        100 * e.robust().fgsm(), 100 * e.robust().ifgsm()));
            }
        }
        double eta = elapsedSeconds / epochsThisRun * (epochs - m.epoch() - 1);
        b.append(", lr ").append(String.format(Locale.ROOT, "%.4g", m.learningRate()))
                .append(", elapsed ").append(duration(elapsedSeconds)).append(", ETA ").append(duration(eta));
        return b.toString();
    }

    static String duration(double seconds) {
        long s = Math.round(seconds);
        return s >= 3600 ? String.format(Locale.ROOT, "%dh%02dm%02ds", s / 3600, s / 60 % 60, s % 60)
                : String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
    }
}

package lowbit.report;

/** A fraction as the report's percentage text with two decimals. */
final class Percent {
    private Percent() {
    }

    static String of(double fraction) {
        return String.format("%.2f", fraction * 100);
    }
}

package lowbit.report;

import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** The report's charts, drawn by JFreeChart into PNG files. */
public final class Charts {
    static {
        System.setProperty("java.awt.headless", "true");
    }

    public static final int WIDTH = 800;
    public static final int HEIGHT = 480;
    private static final BasicStroke DASHED = new BasicStroke(1.5f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND, 1f, new float[]{6f, 4f}, 0f);

    private Charts() {
    }

    /** A named (x, y) series. */
    public record Series(String name, List<double[]> points) {
    }

    /**
     * Scatter of the series, plus their joint Pareto frontier (smaller x and larger y are better) as a line.
     */
    public static void scatterWithFrontier(String title, String xLabel, String yLabel, List<Series> series, Path png) throws IOException {
        XYSeriesCollection data = new XYSeriesCollection();
        for (Series s : series) {
            XYSeries xy = new XYSeries(s.name(), false, true);
            s.points().forEach(p -> xy.add(p[0], p[1]));
            data.addSeries(xy);
        }
        XYSeries frontier = new XYSeries("Pareto frontier", true, true);
        Pareto.frontier(series.stream().flatMap(s -> s.points().stream()).toList()).forEach(p -> frontier.add(p[0], p[1]));
        data.addSeries(frontier);
        JFreeChart chart = ChartFactory.createScatterPlot(title, xLabel, yLabel, data, PlotOrientation.VERTICAL, true, false, false);
        XYPlot plot = chart.getXYPlot();
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer();
        for (int i = 0; i < series.size(); i++) {
            renderer.setSeriesLinesVisible(i, false);
        }
        int f = series.size();
        renderer.setSeriesLinesVisible(f, true);
        renderer.setSeriesShapesVisible(f, false);
        renderer.setSeriesPaint(f, Color.DARK_GRAY);
        renderer.setSeriesStroke(f, DASHED);
        plot.setRenderer(renderer);
        style(chart);
        ChartUtils.saveChartAsPNG(png.toFile(), chart, WIDTH, HEIGHT);
    }

    /** One line per series over x, points joined in x order. */
    public static void lines(String title, String xLabel, String yLabel, List<Series> series, Path png) throws IOException {
        XYSeriesCollection data = sortedByX(series);
        JFreeChart chart = ChartFactory.createXYLineChart(title, xLabel, yLabel, data, PlotOrientation.VERTICAL, true, false, false);
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
        chart.getXYPlot().setRenderer(renderer);
        style(chart);
        ChartUtils.saveChartAsPNG(png.toFile(), chart, WIDTH, HEIGHT);
    }

    /** One line per series without point shapes (long curves, e.g. per iteration), and a dashed horizontal line at {@code target}. */
    public static void curvesWithTarget(String title, String xLabel, String yLabel, List<Series> series, double target, Path png)
            throws IOException {
        XYSeriesCollection data = sortedByX(series);
        JFreeChart chart = ChartFactory.createXYLineChart(title, xLabel, yLabel, data, PlotOrientation.VERTICAL, true, false, false);
        chart.getXYPlot().setRenderer(new XYLineAndShapeRenderer(true, false));
        ValueMarker marker = new ValueMarker(target, Color.DARK_GRAY, DASHED);
        marker.setLabel("target " + target);
        marker.setLabelAnchor(RectangleAnchor.TOP_RIGHT);
        marker.setLabelTextAnchor(TextAnchor.BOTTOM_RIGHT);
        chart.getXYPlot().addRangeMarker(marker);
        style(chart);
        ChartUtils.saveChartAsPNG(png.toFile(), chart, WIDTH, HEIGHT);
    }

    /** Bars of a value per category (e.g. per layer), one bar group per series. */
    public static void bars(String title, String categoryLabel, String valueLabel, Map<String, Map<String, Double>> series, Path png)
            throws IOException {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        series.forEach((name, values) -> values.forEach((category, value) -> data.addValue(value, name, category)));
        JFreeChart chart = ChartFactory.createBarChart(title, categoryLabel, valueLabel, data, PlotOrientation.VERTICAL, true, false, false);
        CategoryPlot plot = chart.getCategoryPlot();
        plot.getDomainAxis().setCategoryLabelPositions(org.jfree.chart.axis.CategoryLabelPositions.UP_45);
        style(chart);
        ChartUtils.saveChartAsPNG(png.toFile(), chart, WIDTH, HEIGHT);
    }

    private static XYSeriesCollection sortedByX(List<Series> series) {
        XYSeriesCollection data = new XYSeriesCollection();
        for (Series s : series) {
            XYSeries xy = new XYSeries(s.name(), true, true);
            s.points().forEach(p -> xy.add(p[0], p[1]));
            data.addSeries(xy);
        }
        return data;
    }

    private static void style(JFreeChart chart) {
        chart.setBackgroundPaint(Color.WHITE);
        chart.getPlot().setBackgroundPaint(new Color(250, 250, 250));
    }
}

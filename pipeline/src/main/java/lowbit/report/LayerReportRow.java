package lowbit.report;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/** One row of the bottleneck report; fields as in data-schemas/layer_report.avsc. */
public record LayerReportRow(int position, String layer, String kind, long parameters, int bits, boolean perChannel,
                             boolean batchNormFolded, long floatBytes, long quantizedBytes, double rho,
                             double isolatedAccuracy, double isolatedAccuracyDrop, double isolatedSqnrDb,
                             double cumulativeSqnrDb, int mixedBits) {

    /** A Spark row in the schema's field order. */
    public Row toRow() {
        return RowFactory.create(position, layer, kind, parameters, bits, perChannel, batchNormFolded, floatBytes,
                quantizedBytes, rho, isolatedAccuracy, isolatedAccuracyDrop, isolatedSqnrDb, cumulativeSqnrDb, mixedBits);
    }
}

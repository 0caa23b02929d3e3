package lowbit.quant;

/** Per-channel batch-norm parameters: y = gamma (x - mean) / sqrt(variance + eps) + beta. */
public record BatchNormParams(float[] gamma, float[] beta, float[] mean, float[] variance, double eps) {

    public BatchNormParams {
        int c = gamma.length;
        if (beta.length != c || mean.length != c || variance.length != c) {
            throw new IllegalArgumentException("gamma, beta, mean and variance need one value per channel, got "
                    + c + ", " + beta.length + ", " + mean.length + ", " + variance.length);
        }
        if (!(eps >= 0)) {
            throw new IllegalArgumentException("eps must be >= 0, got " + eps);
        }
    }

    public int channels() {
        return gamma.length;
    }
}

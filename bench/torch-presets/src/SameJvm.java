import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Whether DL4J 1.0.0-M2's ND4J and a newer pytorch presets version run in one JVM on that version's javacpp: an ND4J
 * matmul, then a libtorch matmul, then ND4J again, each checked against the expected sum. Not a benchmark; built
 * with {@code -P presets-2.10,dl4j} (see pom.xml). Prints {@code OK <step> <value>} lines; exits 1 on a wrong value.
 * Run from this folder:
 * <pre>
 * mvn -q -f pom.xml -P presets-2.10,dl4j dependency:build-classpath -Dmdep.outputFile=target/cp-dl4j.txt
 * mkdir -p target/classes-dl4j
 * javac -d target/classes-dl4j -cp "$(cat target/cp-dl4j.txt)" src/PresetsBench.java src/SameJvm.java
 * java -cp "target/classes-dl4j:$(cat target/cp-dl4j.txt)" SameJvm
 * </pre>
 */
public final class SameJvm {

    public static void main(String[] args) {
        PresetsBench.cacheTorchCpu();
        // [[1,2],[3,4]] x [[5,6],[7,8]] = [[19,22],[43,50]]: sum 134
        check("nd4j-1", Nd4j.create(new float[][] {{1, 2}, {3, 4}}).mmul(Nd4j.create(new float[][] {{5, 6}, {7, 8}}))
                .sumNumber().doubleValue());
        Tensor a = torch.arange(new Scalar(1), new Scalar(5)).reshape(2, 2).toType(torch.ScalarType.Float);
        Tensor b = torch.arange(new Scalar(5), new Scalar(9)).reshape(2, 2).toType(torch.ScalarType.Float);
        check("torch", torch.matmul(a, b).sum().item_float());
        System.out.println("INFO torch threads=" + torch.get_num_threads());
        INDArray big = Nd4j.rand(64, 64);
        INDArray ones = Nd4j.ones(64, 64);
        check("nd4j-2", Nd4j.create(new float[][] {{1, 2}, {3, 4}}).mmul(Nd4j.create(new float[][] {{5, 6}, {7, 8}}))
                .sumNumber().doubleValue());
        double s = big.mmul(ones).sumNumber().doubleValue();  // 64 * (sum of 4096 uniform [0, 1) values)
        if (!(s > 0 && Double.isFinite(s))) {
            System.out.println("WRONG nd4j-3 " + s);
            System.exit(1);
        }
        System.out.println("OK nd4j-3 " + s);
    }

    private static void check(String step, double sum) {
        if (Math.abs(sum - 134) > 1e-4) {
            System.out.println("WRONG " + step + " " + sum);
            System.exit(1);
        }
        System.out.println("OK " + step + " " + sum);
    }
}

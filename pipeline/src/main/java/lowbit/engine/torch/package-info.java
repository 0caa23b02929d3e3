/**
 * The libtorch engine ({@code lowbit.train.engine = torch}, the default): {@link lowbit.engine.torch.TorchModel} runs
 * the zoo's {@link lowbit.model.graph.ModelGraph}s on libtorch's CPU kernels through the JavaCPP presets, each graph op
 * by its libtorch implementation ({@code TorchLayers}), with the graph's parameter views, so parameters and batch-norm
 * state move between the engines unchanged.
 *
 * <h2>Which JavaCPP combination (decided 2026-11-27)</h2>
 * {@code org.bytedeco:pytorch:1.10.2-1.5.7} with only its {@code linux-x86_64} natives, in the same JVM as
 * DL4J 1.0.0-M2. Both are built on javacpp 1.5.7 and openblas 0.3.19-1.5.7, so the classpath holds one version of
 * each; newer presets (2.x) need javacpp 1.5.12+, which DL4J M2's natives were not built against. What was checked:
 * <ul>
 *   <li>Same JVM: ND4J ops, then libtorch forward/backward, then ND4J again; the test suite runs both engines in
 *       one JVM (cross-engine predictions and gradients, Spark training on either). No crash; both ship a
 *       libgomp.so.1 and the process uses the first one loaded. The JVM warns that libtorch_cpu.so "might have
 *       disabled stack guard" (harmless, printed once).</li>
 *   <li>Download: the natives jar is 61 MB (libtorch_cpu.so 220 MB of the 240 MB it unpacks into
 *       ~/.javacpp/cache on first use); it downloaded in about 3 s here, so a clean CI machine pays seconds,
 *       not minutes, of its 90-minute budget.</li>
 *   <li>spark-submit jar: the natives are included (jobs shades everything but Spark), so executors need nothing
 *       installed to run {@code engine = torch}; the jar grows from 151 MB to 214 MB. A deployment that never uses
 *       the torch engine could exclude {@code org.bytedeco:pytorch:*:linux-x86_64} from the shade.</li>
 *   <li>Native memory: every call runs in a {@link org.bytedeco.javacpp.PointerScope}; the RSS of a process
 *       training LeNet (batch 8) or MobileNet-0.25 on 32x32 (batch 4) stayed within 2 MB between steps 2,000 and
 *       10,000 (436 to 437 MB, 444 to 446 MB).</li>
 * </ul>
 * A torch-only job jar on {@code 2.10.0-1.5.13} (javacpp 1.5.13, without DL4J) was measured but not built
 * (bench/torch-presets, bench/RESULTS.md, 2026-11-27): on one thread libtorch 2.10 runs MobileNet-0.25's training step
 * (batch 32) 1.18-1.22x as fast per CPU-second as 1.10, all of it in depthwise convolutions (batch norm the same), while
 * 1.10's step is already 1.06-1.09 of PyTorch 1.13's, so the engine's gap to PyTorch on MobileNet lies outside
 * libtorch's kernels. A second job jar, the renamed presets API and 2.10's first load into an empty JavaCPP cache
 * (a SIGSEGV loading libtorch_cpu.so; the next JVM works) are not worth 1.2x on one model yet.
 *
 * <h2>Design</h2>
 * Parameters, gradients and batch-norm state are three flat native tensors; each layer's weights are leaf tensors
 * aliasing slices of the parameter tensor, and their gradients alias slices of the gradient tensor, so backward
 * writes the flat gradient in place and {@code parameters()} / {@code gradients()} are one copy each. The
 * networks are interpreted node by node ({@link lowbit.engine.torch.TorchNet}) with libtorch's functional ops, in the
 * graph's run order. EnResNet's noise layers each own a libtorch CPU generator
 * (a clone of the default one, reseeded), so no global random state is shared between models or threads.
 * Batch norm follows the DL4J zoo: running variance from the biased batch variance, decay 0.9. Intra-op threads:
 * {@code lowbit.train.engine-threads}, else OMP_NUM_THREADS, else every core, set on the calling thread at each call
 * (OpenMP keeps the setting per thread).
 */
package lowbit.engine.torch;

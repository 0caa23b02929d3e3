package lowbit;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The rules that keep the tree readable, checked on the compiled main classes of every lowbit module on the classpath
 * (the jobs module runs them again with the CLI included):
 * <ul>
 * <li>DL4J, ND4J and JavaCPP (libtorch) appear only behind the engine boundary ({@code lowbit.engine..}) and in the
 * DL4J-only training mode ({@code lowbit.train.dl4j}: parameter averaging);</li>
 * <li>an engine's own classes ({@code lowbit.engine.dl4j}, {@code lowbit.engine.torch}) are likewise reached only from
 * there: everything else sees a model through {@code lowbit.engine} and finds engines by name;</li>
 * <li>no two packages import each other, directly or around a loop.</li>
 * </ul>
 */
@Tag("unit")
public class ArchitectureTest {
    private static final String[] ENGINE_SIDE = {"lowbit.engine..", "lowbit.train.dl4j.."};
    private static JavaClasses classes;

    @BeforeAll
    static void importMainClasses() {
        // main classes only, from class folders or module jars, never from test folders or the pipeline's test-jar
        ImportOption mainOnly = location -> !location.contains("/test-classes/") && !location.contains("-tests.jar");
        classes = new ClassFileImporter().withImportOption(mainOnly).importPackages("lowbit");
    }

    @Test
    void engineLibrariesStayBehindTheEngineBoundary() {
        noClasses().that().resideOutsideOfPackages(ENGINE_SIDE)
                .should().dependOnClassesThat().resideInAnyPackage("org.deeplearning4j..", "org.nd4j..", "org.bytedeco..")
                .because("trainers, Spark aggregation and the methods see a model only through lowbit.engine")
                .check(classes);
    }

    @Test
    void engineImplementationsAreReachedOnlyThroughTheRegistry() {
        noClasses().that().resideOutsideOfPackages(ENGINE_SIDE)
                .should().dependOnClassesThat().resideInAnyPackage("lowbit.engine.dl4j..", "lowbit.engine.torch..")
                .because("engines are found by name (lowbit.engine.Engines) and used through lowbit.engine.Engine")
                .check(classes);
    }

    @Test
    void packagesFormNoCycle() {
        slices().matching("lowbit.(**)").should().beFreeOfCycles().check(classes);
    }
}

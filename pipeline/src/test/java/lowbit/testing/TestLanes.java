package lowbit.testing;

import com.tngtech.archunit.ArchConfiguration;
import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.AccessTarget;
import com.tngtech.archunit.core.domain.JavaAccess;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.Location;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import org.junit.jupiter.api.Tag;
import org.junit.platform.commons.annotation.Testable;
import org.junit.platform.commons.support.AnnotationSupport;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.Deque;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

/**
 * The test lanes, JUnit tags that {@code mvn -Dgroups=...} selects (docs/guide/testing.md): {@code unit} (plain JVM),
 * {@code spark} (a local[N] Spark session), {@code cluster} (Spark's local-cluster or other child JVMs of lowbit) and
 * {@code data} (the real data and models of ../shared). Every test class carries at least one; {@code unit} stands
 * alone. {@link #rule} checks what the bytecode shows: the test class's own code and the test helpers it calls (method
 * by method, not into lowbit's main code) must not reach {@link SharedData} or {@code FashionMnistSample} without
 * {@code data}, a {@code SparkSession} without {@code spark} or {@code cluster}, nor {@link LocalCluster} or the jobs
 * module's standalone-cluster helpers without {@code cluster}. What main code does (a CLI command starting its own
 * Spark session) it cannot see: tag that by reading the test.
 */
public final class TestLanes {
    public static final String UNIT = "unit";
    public static final String SPARK = "spark";
    public static final String CLUSTER = "cluster";
    public static final String DATA = "data";
    public static final Set<String> ALL = Set.of(UNIT, SPARK, CLUSTER, DATA);

    /** What a test needs, found by the classes its code reaches. */
    enum Need {
        DATA("reads ../shared", Set.of(TestLanes.DATA)),
        SPARK("starts or uses a Spark session", Set.of(TestLanes.SPARK, TestLanes.CLUSTER)),
        CLUSTER("starts separate executor or cluster JVMs", Set.of(TestLanes.CLUSTER));

        final String what;
        final Set<String> anyOf;

        Need(String what, Set<String> anyOf) {
            this.what = what;
            this.anyOf = anyOf;
        }
    }

    /** Classes (and their nested classes) whose use means a need. */
    private static final Map<String, Need> MARKERS = Map.of(
            "lowbit.testing.SharedData", Need.DATA,
            "lowbit.testdata.FashionMnistSample", Need.DATA,
            "org.apache.spark.sql.SparkSession", Need.SPARK,
            "org.apache.spark.SparkContext", Need.SPARK,
            "org.apache.spark.api.java.JavaSparkContext", Need.SPARK,
            "lowbit.testing.LocalCluster", Need.CLUSTER,
            "lowbit.cli.StandaloneCluster", Need.CLUSTER,
            "lowbit.cli.SparkJars", Need.CLUSTER);

    private TestLanes() {
    }

    /** Where a test class was loaded from: a test-classes folder, or a tests jar (what another module sees in mvn verify). */
    public static Location locationOf(Class<?> c) {
        URL url = c.getProtectionDomain().getCodeSource().getLocation();
        try {
            URI uri = url.toURI();
            return Files.isRegularFile(Path.of(uri)) ? Location.of(URI.create("jar:" + uri + "!/")) : Location.of(uri);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(url.toString(), e);
        }
    }

    /**
     * The test code of these locations: a module's own tests and the test helpers it uses. The classes they use
     * elsewhere stay names (the rule needs no more of them), which makes the import a few times faster.
     */
    public static JavaClasses importTests(Location... locations) {
        return ArchConfiguration.withThreadLocalScope(config -> {
            config.setResolveMissingDependenciesFromClassPath(false);
            return new ClassFileImporter().importLocations(List.of(locations));
        });
    }

    /**
     * The lane rule for the test classes that came from {@code tests} (one module's test-classes folder), but for
     * those whose names start with one of {@code exempt} (a package ends with a dot).
     */
    public static ArchRule rule(JavaClasses testCode, Location tests, String... exempt) {
        return classes().that(areTestClassesFrom(tests, exempt)).should(carryTheLanesTheirCodeNeeds(testCode));
    }

    /** Top-level concrete classes with JUnit test methods (their nested classes inherit their tags). */
    static DescribedPredicate<JavaClass> areTestClassesFrom(Location tests, String... exempt) {
        return DescribedPredicate.describe("are test classes of " + tests, c -> c.isTopLevelClass()
                && Arrays.stream(exempt).noneMatch(e -> c.getName().startsWith(e))
                && !c.getModifiers().contains(JavaModifier.ABSTRACT)
                && c.getSource().map(s -> uri(s.getUri()).startsWith(uri(tests.asURI()))).orElse(false)
                && hasTests(c));
    }

    /** file:/x and file:///x are the same place. */
    private static String uri(URI uri) {
        return uri.toString().replace("file:///", "file:/");
    }

    /** Whether JUnit finds test methods (@Test, @ParameterizedTest, ...: all meta-annotated @Testable) in the class. */
    private static boolean hasTests(JavaClass c) {
        for (Class<?> k = load(c.getName()); k != null; k = k.getSuperclass()) {
            if (Arrays.stream(k.getDeclaredMethods()).anyMatch(m -> AnnotationSupport.isAnnotated(m, Testable.class))) {
                return true;
            }
        }
        return false;
    }

    /** The class, not initialized. */
    private static Class<?> load(String className) {
        try {
            return Class.forName(className, false, TestLanes.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The lane tags of a test class, as JUnit sees them (including those of superclasses). */
    public static Set<String> tags(String className) {
        Set<String> tags = new TreeSet<>();
        for (Tag t : load(className).getAnnotationsByType(Tag.class)) {
            tags.add(t.value());
        }
        return tags;
    }

    static ArchCondition<JavaClass> carryTheLanesTheirCodeNeeds(JavaClasses testCode) {
        return new ArchCondition<>("carry one lane tag of " + new TreeSet<>(ALL) + " (unit alone) and those their code needs") {
            @Override
            public void check(JavaClass test, ConditionEvents events) {
                Set<String> tags = tags(test.getName());
                List<String> problems = new ArrayList<>();
                Set<String> lanes = new TreeSet<>(tags);
                lanes.retainAll(ALL);
                if (lanes.isEmpty()) {
                    problems.add("has no lane tag (" + tags + ")");
                }
                if (tags.contains(UNIT) && tags.size() > 1) {
                    problems.add("combines unit with " + tags);
                }
                Map<Need, String> needs = needs(test, testCode);
                needs.forEach((need, path) -> {
                    if (need.anyOf.stream().noneMatch(tags::contains)) {
                        problems.add(need.what + " (" + path + ") but is not tagged " + String.join(" or ", new TreeSet<>(need.anyOf)));
                    }
                });
                String message = test.getName() + " " + (problems.isEmpty() ? "carries " + tags : String.join("; ", problems));
                events.add(new SimpleConditionEvent(test, problems.isEmpty(), message));
            }
        };
    }

    /**
     * The needs reached from a test class: its code units and those of its nested classes and superclasses, then
     * the code units of test helpers they call (a constructed helper's methods all count, as main code may call
     * them back), each need with the first call chain that reached it.
     */
    static Map<Need, String> needs(JavaClass test, JavaClasses testCode) {
        Map<JavaCodeUnit, JavaCodeUnit> from = new HashMap<>();
        Deque<JavaCodeUnit> todo = new ArrayDeque<>();
        Set<JavaCodeUnit> seen = new LinkedHashSet<>();
        List<JavaClass> start = new ArrayList<>();
        for (JavaClass k = test; k != null && testCode.contain(k.getName()); k = k.getRawSuperclass().orElse(null)) {
            start.add(k);
        }
        testCode.stream().filter(c -> c.getName().startsWith(test.getName() + "$"))
                .sorted(Comparator.comparing(JavaClass::getName)).forEach(start::add);
        for (JavaClass c : start) {
            for (JavaCodeUnit u : codeUnits(c)) {
                if (seen.add(u)) todo.add(u);
            }
        }
        Map<Need, String> needs = new EnumMap<>(Need.class);
        while (!todo.isEmpty()) {
            JavaCodeUnit u = todo.poll();
            Set<JavaAccess<?>> accesses = new LinkedHashSet<>(u.getAccessesFromSelf());
            accesses.addAll(u.getCodeUnitReferencesFromSelf());
            List<JavaAccess<?>> inOrder = new ArrayList<>(accesses);
            inOrder.sort(Comparator.comparingInt(JavaAccess::getLineNumber));
            for (JavaAccess<?> a : inOrder) {
                JavaClass owner = a.getTargetOwner();
                Need need = marker(owner.getName());
                if (need != null) {
                    needs.putIfAbsent(need, chain(u, from) + " -> " + simpleName(owner) + "." + a.getTarget().getName());
                    continue;
                }
                if (!testCode.contain(owner.getName())) {
                    continue;  // lowbit's main code and libraries: not followed
                }
                JavaClass helper = testCode.get(owner.getName());
                List<JavaCodeUnit> next = new ArrayList<>();
                helper.getStaticInitializer().ifPresent(next::add);
                if (a.getTarget() instanceof AccessTarget.CodeUnitAccessTarget target) {
                    target.resolveMember().ifPresent(next::add);
                    if (target instanceof AccessTarget.ConstructorCallTarget || target instanceof AccessTarget.ConstructorReferenceTarget) {
                        next.addAll(codeUnits(helper));
                    }
                }
                for (JavaCodeUnit n : next) {
                    if (seen.add(n)) {
                        from.put(n, u);
                        todo.add(n);
                    }
                }
            }
        }
        return needs;
    }

    private static Collection<JavaCodeUnit> codeUnits(JavaClass c) {
        List<JavaCodeUnit> units = new ArrayList<>(c.getCodeUnits());
        c.getStaticInitializer().ifPresent(units::add);
        units.sort(Comparator.comparing(JavaCodeUnit::getFullName));  // the same call chain in every message
        return units;
    }

    private static Need marker(String className) {
        for (Map.Entry<String, Need> m : MARKERS.entrySet()) {
            if (className.equals(m.getKey()) || className.startsWith(m.getKey() + "$")) {
                return m.getValue();
            }
        }
        return null;
    }

    private static String chain(JavaCodeUnit u, Map<JavaCodeUnit, JavaCodeUnit> from) {
        List<String> steps = new ArrayList<>();
        for (JavaCodeUnit s = u; s != null; s = from.get(s)) {
            steps.add(0, simpleName(s.getOwner()) + "." + s.getName());
        }
        return String.join(" -> ", steps);
    }

    private static String simpleName(JavaClass c) {
        String name = c.getName();
        return name.substring(name.lastIndexOf('.') + 1);
    }
}

package io.wsgate;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The arrows of DESIGN.md: app on top, adapters in the middle, the engine and the model below. */
class ArchitectureTest {
    private static final String[] CORE = {
        "io.wsgate.model..",
        "io.wsgate.config..",
        "io.wsgate.route..",
        "io.wsgate.connection..",
        "io.wsgate.integration",
        "io.wsgate.observe..",
        "io.wsgate.dispatch.."
    };
    private static final String[] ADAPTERS = {
        "io.wsgate.transport..",
        "io.wsgate.management..",
        "io.wsgate.integration.http..",
        "io.wsgate.runtime..",
        "io.wsgate.console..",
        "io.wsgate.tracing.."
    };

    private static final JavaClasses ALL = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.wsgate");

    @Test
    void layersPointDownOnly() {
        layeredArchitecture()
                .consideringOnlyDependenciesInLayers()
                .layer("App")
                .definedBy("io.wsgate.app..")
                .layer("Adapters")
                .definedBy(ADAPTERS)
                .layer("Dispatch")
                .definedBy("io.wsgate.dispatch..")
                .layer("Model and SPIs")
                .definedBy(
                        "io.wsgate.model..",
                        "io.wsgate.config..",
                        "io.wsgate.route..",
                        "io.wsgate.connection..",
                        "io.wsgate.integration",
                        "io.wsgate.observe..",
                        "io.wsgate.store..")
                .layer("Examples")
                .definedBy("io.wsgate.example..")
                .whereLayer("App")
                .mayNotBeAccessedByAnyLayer()
                .whereLayer("Examples")
                .mayNotBeAccessedByAnyLayer()
                .whereLayer("Adapters")
                .mayOnlyBeAccessedByLayers("App")
                .whereLayer("Dispatch")
                .mayOnlyBeAccessedByLayers("Adapters", "App")
                .check(ALL);
    }

    @Test
    void noAdapterImportsAnother() {
        for (String adapter : ADAPTERS) {
            String[] others =
                    Stream.of(ADAPTERS).filter(a -> !a.equals(adapter)).toArray(String[]::new);
            noClasses()
                    .that()
                    .resideInAPackage(adapter)
                    .should()
                    .dependOnClassesThat()
                    .resideInAnyPackage(others)
                    .check(ALL);
        }
    }

    @Test
    void theCoreKnowsNoNetworkLibrary() {
        noClasses()
                .that()
                .resideInAnyPackage(CORE)
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("io.vertx..", "io.netty..", "software.amazon.awssdk..")
                .check(ALL);
    }

    @Test
    void theModelDependsOnNothingElseOfWsgate() {
        noClasses()
                .that()
                .resideInAPackage("io.wsgate.model..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "io.wsgate.config..",
                        "io.wsgate.route..",
                        "io.wsgate.connection..",
                        "io.wsgate.integration..",
                        "io.wsgate.observe..",
                        "io.wsgate.dispatch..")
                .check(ALL);
        noClasses()
                .that()
                .resideInAnyPackage("io.wsgate.route..", "io.wsgate.observe..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "io.wsgate.connection..",
                        "io.wsgate.integration..",
                        "io.wsgate.dispatch..",
                        "io.wsgate.config..")
                .check(ALL);
    }

    @Test
    void examplesUseOnlyWhatUsersGet() {
        noClasses()
                .that()
                .resideInAPackage("io.wsgate.example..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "io.wsgate.dispatch..",
                        "io.wsgate.app..",
                        "io.wsgate.transport..",
                        "io.wsgate.management..",
                        "io.vertx..")
                .check(ALL);
    }

    @Test
    void noCatchAllPackagesAndEveryPackageSaysWhatItIsFor() throws IOException {
        List<String> packages =
                ALL.stream().map(c -> c.getPackageName()).distinct().toList();
        assertThat(packages).noneMatch(p -> p.matches(".*\\.(util|utils|common|helper|helpers|impl|manager)(\\..*)?"));
        for (Path root : List.of(
                Path.of("src/main/java"),
                Path.of("../wsgate-core/src/main/java"),
                Path.of("../wsgate-lambda/src/main/java"))) {
            try (Stream<Path> files = Files.walk(root)) {
                List<Path> directories = files.filter(p -> p.toString().endsWith(".java"))
                        .map(Path::getParent)
                        .distinct()
                        .toList();
                assertThat(directories)
                        .allSatisfy(dir ->
                                assertThat(dir.resolve("package-info.java")).exists());
            }
        }
        // The rules above saw both modules.
        assertThat(ALL.contain("io.wsgate.model.Api")).isTrue();
        assertThat(ALL.contain("io.wsgate.app.Gateway")).isTrue();
    }
}

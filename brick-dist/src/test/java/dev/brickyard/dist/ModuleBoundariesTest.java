package dev.brickyard.dist;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The import rules of docs/architecture.md, checked on the compiled main classes of every module: a module imports
 * only the modules below it, so a change that makes the CLI import a server, the wire module import Jersey or the
 * brick format import anything heavy fails the build with the offending line named.
 */
class ModuleBoundariesTest {
    private static JavaClasses classes;

    @BeforeAll
    static void importMainClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(location -> !location.contains("-tests.jar"))
                .importPackages("dev.brickyard");
    }

    @Test
    void eachModuleImportsOnlyTheModulesBelowIt() {
        layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("brick-api").definedBy("dev.brickyard.api..")
                .layer("brick-http").definedBy("dev.brickyard.http.problem..", "dev.brickyard.http.registry..",
                        "dev.brickyard.http.host..", "dev.brickyard.http.client..", "dev.brickyard.http.lock..")
                .layer("brick-http-server").definedBy("dev.brickyard.http.server..")
                .layer("base-model").definedBy("dev.brickyard.base..")
                .layer("brick-tools").definedBy("dev.brickyard.tools..")
                .layer("host-runtime").definedBy("dev.brickyard.host..")
                .layer("registry-server").definedBy("dev.brickyard.registry..")
                .layer("cli-publish").definedBy("dev.brickyard.cli..")
                .layer("brick-dist").definedBy("dev.brickyard.dist..")
                .whereLayer("brick-dist").mayNotBeAccessedByAnyLayer()
                .whereLayer("cli-publish").mayOnlyBeAccessedByLayers("brick-dist")
                .whereLayer("host-runtime").mayOnlyBeAccessedByLayers("brick-dist")
                .whereLayer("registry-server").mayOnlyBeAccessedByLayers("brick-dist")
                .whereLayer("brick-tools").mayOnlyBeAccessedByLayers("cli-publish", "brick-dist")
                .whereLayer("brick-http-server").mayOnlyBeAccessedByLayers("host-runtime", "registry-server",
                        "brick-dist")
                .whereLayer("brick-http").mayOnlyBeAccessedByLayers("brick-http-server", "host-runtime",
                        "registry-server", "cli-publish", "brick-dist")
                .whereLayer("base-model").mayOnlyBeAccessedByLayers("brick-tools", "host-runtime", "registry-server",
                        "cli-publish", "brick-dist")
                .check(classes);
    }

    @Test
    void theBrickFormatDependsOnNothingHeavy() {
        noClasses().that().resideInAPackage("dev.brickyard.api..")
                .should().dependOnClassesThat().resideInAnyPackage("org.apache.felix..", "org.osgi..", "jakarta..",
                        "org.glassfish..", "org.h2..", "org.postgresql..", "ai.onnxruntime..", "picocli..")
                .because("brick-api is the small, stable format every other module and every brick author uses")
                .check(classes);
    }

    @Test
    void clientsStayOffJerseyAndTheServersLibraries() {
        noClasses().that().resideInAnyPackage("dev.brickyard.http.problem..", "dev.brickyard.http.registry..",
                        "dev.brickyard.http.host..", "dev.brickyard.http.client..", "dev.brickyard.tools..",
                        "dev.brickyard.cli..")
                .should().dependOnClassesThat().resideInAnyPackage("jakarta.ws.rs..", "org.glassfish..",
                        "org.h2..", "org.postgresql..", "org.flywaydb..", "com.zaxxer..", "org.apache.felix..")
                .because("the wire documents, the clients, the authoring tools and the client commands run where no "
                        + "server does")
                .check(classes);
    }

    @Test
    void onlyTheDistributionAndTheCommandsUsePicocli() {
        noClasses().that().resideOutsideOfPackages("dev.brickyard.cli..", "dev.brickyard.dist..")
                .should().dependOnClassesThat().resideInAPackage("picocli..")
                .check(classes);
    }
}

package com.estatekit.vault.app;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.GeneralCodingRules.NO_CLASSES_SHOULD_ACCESS_STANDARD_STREAMS;
import static com.tngtech.archunit.library.GeneralCodingRules.NO_CLASSES_SHOULD_THROW_GENERIC_EXCEPTIONS;
import static com.tngtech.archunit.library.GeneralCodingRules.NO_CLASSES_SHOULD_USE_JAVA_UTIL_LOGGING;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The module rings, repeated at package level where Maven cannot see. Rule names read as sentences;
 * every package a rule names must hold classes, so no rule passes by having nothing to check.
 */
class ArchitectureTest {

    private static final String ROOT = "com.estatekit.vault";
    private static final String DOMAIN = ROOT + ".domain..";
    private static final String PORT_IN = ROOT + ".domain.port.in..";
    private static final String PORT_OUT = ROOT + ".domain.port.out..";
    private static final String KMS = ROOT + ".adapter.kms..";
    private static final String POSTGRES = ROOT + ".adapter.postgres..";
    private static final String HTTP = ROOT + ".adapter.http..";
    private static final String APP = ROOT + ".app..";

    private static JavaClasses production;

    @BeforeAll
    static void importProductionClasses() {
        production = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(location -> !location.contains("-tests.jar"))
                .importPackages(ROOT);
    }

    @ParameterizedTest
    @ValueSource(strings = {DOMAIN, PORT_IN, PORT_OUT, ROOT + ".domain.model..", ROOT + ".domain.service..", KMS, POSTGRES, HTTP, APP})
    void every_package_a_rule_names_holds_classes(String packagePattern) {
        assertThat(production.that(com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage(packagePattern)))
                .as(packagePattern)
                .isNotEmpty();
    }

    @Test
    void the_domain_depends_only_on_the_jdk_and_itself() {
        classes().that().resideInAPackage(DOMAIN)
                .should().onlyDependOnClassesThat().resideInAnyPackage(DOMAIN, "java..")
                .because("other teams embed vault-domain with their own adapters")
                .check(production);
    }

    @Test
    void adapters_never_depend_on_each_other_or_on_the_app() {
        for (String adapter : List.of(KMS, POSTGRES, HTTP)) {
            List<String> others = new java.util.ArrayList<>(List.of(KMS, POSTGRES, HTTP, APP));
            others.remove(adapter);
            noClasses().that().resideInAPackage(adapter)
                    .should().dependOnClassesThat().resideInAnyPackage(others.toArray(String[]::new))
                    .because("each adapter plugs into the domain alone; only the app knows them all")
                    .check(production);
        }
    }

    @Test
    void inbound_and_outbound_ports_do_not_depend_on_each_other() {
        rule(noClasses().that().resideInAPackage(PORT_IN).should().dependOnClassesThat().resideInAPackage(PORT_OUT));
        rule(noClasses().that().resideInAPackage(PORT_OUT).should().dependOnClassesThat().resideInAPackage(PORT_IN));
    }

    @Test
    void no_code_writes_to_standard_streams_or_prints_stack_traces() {
        rule(NO_CLASSES_SHOULD_ACCESS_STANDARD_STREAMS);
    }

    @Test
    void no_code_throws_generic_exceptions() {
        rule(NO_CLASSES_SHOULD_THROW_GENERIC_EXCEPTIONS);
    }

    @Test
    void no_code_uses_java_util_logging() {
        rule(NO_CLASSES_SHOULD_USE_JAVA_UTIL_LOGGING);
    }

    private static void rule(ArchRule rule) {
        rule.check(production);
    }
}

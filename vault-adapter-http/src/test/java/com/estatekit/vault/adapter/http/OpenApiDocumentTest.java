package com.estatekit.vault.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/** docs/openapi.yaml and the running API describe the same routes, scopes and problem types. */
class OpenApiDocumentTest {

    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "options", "head", "patch", "trace");

    private static Map<String, Object> document;
    private static ApiHarness harness;

    @BeforeAll
    static void load() throws IOException {
        Path file = Path.of("..", "docs", "openapi.yaml");
        try (Reader reader = Files.newBufferedReader(file)) {
            document = new Yaml().load(reader);
        }
        harness = new ApiHarness();
    }

    @AfterAll
    static void stop() {
        harness.close();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return (Map<String, Object>) value;
    }

    private static Map<String, Map<String, Object>> documentedOperations() {
        Map<String, Map<String, Object>> operations = new TreeMap<>();
        map(document.get("paths")).forEach((path, item) -> map(item).forEach((key, operation) -> {
            if (METHODS.contains(key)) {
                operations.put(key.toUpperCase(Locale.ROOT) + " " + path, map(operation));
            }
        }));
        return operations;
    }

    @Test
    void it_is_an_openapi_3_1_document() {
        assertThat(document.get("openapi")).isEqualTo("3.1.0");
    }

    @Test
    void every_documented_route_is_served_and_every_served_route_is_documented() {
        Set<String> served = new TreeSet<>(harness.api.registeredRoutes());

        assertThat(served).hasSize(8);
        assertThat(documentedOperations().keySet()).isEqualTo(served);
    }

    @Test
    void every_operation_documents_exactly_the_scope_its_route_checks() {
        Map<String, Map<String, Object>> operations = documentedOperations();
        for (ApiRoute route : harness.api.routes()) {
            Map<String, Object> operation = operations.get(route.method().name() + " " + route.path());
            @SuppressWarnings("unchecked")
            List<Map<String, List<String>>> security = (List<Map<String, List<String>>>) operation.get("security");

            assertThat(security).as(route.path()).hasSize(1);
            assertThat(security.get(0).get("cognito")).as(route.method() + " " + route.path())
                    .containsExactly(harness.api.scopeOf(route));
        }
    }

    @Test
    void every_operation_documents_401_403_and_its_success() {
        documentedOperations().forEach((name, operation) -> {
            Map<String, Object> responses = map(operation.get("responses"));
            assertThat(responses).as(name).containsKeys("401", "403", "400", "503");
            assertThat(responses.keySet()).as(name).anyMatch(status -> status.startsWith("2"));
        });
    }

    @Test
    void the_problem_type_list_matches_the_api() {
        Map<String, Object> documented = map(document.get("x-problem-types"));
        Map<String, Integer> served = new TreeMap<>();
        for (ProblemType type : ProblemType.values()) {
            served.put(type.uri().substring(ProblemType.BASE.length()), type.status());
        }

        assertThat(new TreeMap<>(documented)).isEqualTo(new TreeMap<String, Object>(served));
    }

    @Test
    void every_reference_resolves() {
        List<String> refs = new ArrayList<>();
        collectRefs(document, refs);

        assertThat(refs).isNotEmpty();
        for (String ref : refs) {
            assertThat(ref).startsWith("#/");
            Object target = document;
            for (String segment : ref.substring(2).split("/")) {
                target = target instanceof Map ? map(target).get(segment) : null;
            }
            assertThat(target).as(ref).isNotNull();
        }
    }

    private static void collectRefs(Object node, List<String> refs) {
        if (node instanceof Map) {
            map(node).forEach((key, value) -> {
                if (key.equals("$ref")) {
                    refs.add((String) value);
                } else {
                    collectRefs(value, refs);
                }
            });
        } else if (node instanceof List) {
            ((List<?>) node).forEach(item -> collectRefs(item, refs));
        }
    }
}

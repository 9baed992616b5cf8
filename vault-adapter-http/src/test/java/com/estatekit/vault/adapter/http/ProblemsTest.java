package com.estatekit.vault.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.estatekit.vault.domain.model.CannotOpenException;
import com.estatekit.vault.domain.model.DependencyUnavailableException;
import com.estatekit.vault.domain.model.InvalidInputException;
import com.estatekit.vault.domain.model.KeyChangeConflictException;
import com.estatekit.vault.domain.model.KeyMaterialUnusableException;
import com.estatekit.vault.domain.model.KeyNotFoundException;
import com.estatekit.vault.domain.model.KeyVersion;
import com.estatekit.vault.domain.model.UserId;
import com.estatekit.vault.domain.model.VaultException;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class ProblemsTest {

    private static final UserId USER = UserId.of(42);
    private static final KeyVersion V1 = KeyVersion.FIRST;

    /** One instance of every permitted subclass, with the status and type it must map to. */
    private static final Map<Class<?>, Object[]> EXPECTED = Map.of(
            InvalidInputException.class, new Object[] {new InvalidInputException("plaintexts", 3, "must be a string"), 400, "invalid-input"},
            KeyNotFoundException.class, new Object[] {new KeyNotFoundException(USER), 404, "key-not-found"},
            CannotOpenException.class, new Object[] {new CannotOpenException(USER, 2), 422, "cannot-open"},
            KeyChangeConflictException.class, new Object[] {new KeyChangeConflictException(USER, V1, "is current"), 409, "key-change-conflict"},
            DependencyUnavailableException.class, new Object[] {new DependencyUnavailableException(
                    DependencyUnavailableException.Dependency.KMS, "throttled", Duration.ofMillis(2500)), 503, "dependency-unavailable"},
            KeyMaterialUnusableException.class, new Object[] {new KeyMaterialUnusableException(USER, V1), 503, "key-material-unusable"});

    @Test
    void every_domain_failure_type_has_its_own_mapping_and_none_is_a_500() {
        Set<Class<?>> permitted = new HashSet<>(Arrays.asList(VaultException.class.getPermittedSubclasses()));

        assertThat(permitted).as("a new domain failure needs a mapping here and in Problems").isEqualTo(EXPECTED.keySet());
        for (Object[] expected : EXPECTED.values()) {
            Problem problem = Problems.toProblem((Throwable) expected[0]);
            assertThat(problem.status()).as(expected[0].getClass().getSimpleName()).isEqualTo(expected[1]);
            assertThat(problem.type().uri()).isEqualTo(ProblemType.BASE + expected[2]);
        }
    }

    @Test
    void unavailable_dependencies_carry_retry_after_in_whole_seconds_rounded_up() {
        Problem problem = Problems.toProblem((Throwable) EXPECTED.get(DependencyUnavailableException.class)[0]);

        assertThat(problem.headers()).containsEntry("Retry-After", "3");
        assertThat(Problems.toProblem((Throwable) EXPECTED.get(KeyMaterialUnusableException.class)[0]).headers()).containsKey("Retry-After");
    }

    @Test
    void a_problem_document_has_the_rfc_9457_members_and_its_extensions() {
        Problem problem = Problems.toProblem((Throwable) EXPECTED.get(InvalidInputException.class)[0]);

        JsonNode json = ApiHarness.JSON.readTree(Problems.toJson(problem, "req-1"));

        assertThat(json.propertyNames()).containsExactly("type", "title", "status", "detail", "requestId", "errors");
        assertThat(json.get("type").stringValue()).isEqualTo("https://estatekit.com/problems/invalid-input");
        assertThat(json.get("status").intValue()).isEqualTo(400);
        assertThat(json.get("detail").stringValue()).isEqualTo("plaintexts[3] must be a string");
        assertThat(json.get("errors").get(0).get("index").intValue()).isEqualTo(3);
    }

    @Test
    void an_unexpected_failure_is_a_bare_500_whose_message_is_neither_answered_nor_logged() {
        Problem problem = Problems.toProblem(new IllegalStateException("secret-canary-123"));

        assertThat(problem.status()).isEqualTo(500);
        assertThat(problem.detail()).doesNotContain("secret-canary-123");
        assertThat(SafeThrowables.describe(new IllegalStateException("secret-canary-123", new RuntimeException("inner-canary"))))
                .contains("IllegalStateException").contains("RuntimeException")
                .doesNotContain("secret-canary-123").doesNotContain("inner-canary");
    }

    @Test
    void problem_type_uris_are_unique_and_stable() {
        List<String> uris = Arrays.stream(ProblemType.values()).map(ProblemType::uri).collect(Collectors.toList());

        assertThat(uris).doesNotHaveDuplicates().allMatch(uri -> uri.startsWith("https://estatekit.com/problems/"));
    }
}

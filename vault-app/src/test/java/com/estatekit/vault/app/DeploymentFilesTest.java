package com.estatekit.vault.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/** The deployment files must agree with the app: ports, probes, variable names, security settings. */
class DeploymentFilesTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Map<String, Map<String, Object>> BY_KIND = new HashMap<>();

    @BeforeAll
    static void parseManifests() throws IOException {
        try (Stream<Path> files = Files.list(ROOT.resolve("deploy/k8s"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).toList()) {
                for (Object document : new Yaml().loadAll(Files.readString(file))) {
                    Map<String, Object> manifest = map(document);
                    BY_KIND.put((String) manifest.get("kind"), manifest);
                }
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object node) {
        return (Map<String, Object>) node;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object node) {
        return (List<Object>) node;
    }

    private static Map<String, Object> at(Map<String, Object> node, String... path) {
        Map<String, Object> current = node;
        for (String key : path) {
            current = map(current.get(key));
        }
        return current;
    }

    private static Map<String, Object> container() {
        return map(list(at(BY_KIND.get("Deployment"), "spec", "template", "spec").get("containers")).get(0));
    }

    @Test
    void every_kind_the_cluster_needs_is_there() {
        assertThat(BY_KIND).containsKeys("Deployment", "Service", "ServiceAccount", "PodDisruptionBudget", "HorizontalPodAutoscaler");
    }

    @Test
    void container_ports_are_the_app_defaults_and_probes_use_the_management_port() {
        VaultConfig defaults = VaultConfig.fromEnvironment(Map.of("VAULT_ENV", "dev"));
        Map<String, Integer> ports = new HashMap<>();
        for (Object port : list(container().get("ports"))) {
            ports.put((String) map(port).get("name"), (Integer) map(port).get("containerPort"));
        }
        assertThat(ports).containsEntry("http", defaults.httpPort()).containsEntry("management", defaults.managementPort());

        assertThat(at(container(), "livenessProbe", "httpGet")).containsEntry("path", "/health/live").containsEntry("port", "management");
        assertThat(at(container(), "readinessProbe", "httpGet")).containsEntry("path", "/health/ready").containsEntry("port", "management");
        assertThat(at(container(), "startupProbe", "httpGet")).containsEntry("port", "management");
    }

    @Test
    void the_service_exposes_only_the_api_port() {
        List<Object> ports = list(at(BY_KIND.get("Service"), "spec").get("ports"));
        assertThat(ports).singleElement().satisfies(port -> assertThat(map(port)).containsEntry("targetPort", "http"));
    }

    @Test
    void every_variable_is_one_the_app_reads_and_the_values_pass_its_validation() {
        Map<String, String> env = new HashMap<>();
        List<String> names = new ArrayList<>();
        for (Object entry : list(container().get("env"))) {
            String name = (String) map(entry).get("name");
            names.add(name);
            Object value = map(entry).get("value");
            env.put(name, value == null ? "from-secret" : value.toString());
        }
        assertThat(VaultConfig.VARIABLES).containsAll(names);
        assertThat(names).contains("VAULT_ENV", "VAULT_DB_URL", "VAULT_KMS_KEY_ID", "VAULT_OAUTH_ISSUER");

        VaultConfig config = VaultConfig.fromEnvironment(env);
        assertThat(config.environment()).isEqualTo(VaultConfig.Environment.PRODUCTION);
    }

    @Test
    void the_pod_runs_non_root_on_a_read_only_filesystem_with_a_writable_tmp() {
        assertThat(at(BY_KIND.get("Deployment"), "spec", "template", "spec", "securityContext")).containsEntry("runAsNonRoot", true);
        assertThat(at(container(), "securityContext"))
                .containsEntry("readOnlyRootFilesystem", true)
                .containsEntry("allowPrivilegeEscalation", false);
        assertThat(list(container().get("volumeMounts"))).anySatisfy(mount -> assertThat(map(mount)).containsEntry("mountPath", "/tmp"));
        assertThat(at(container(), "resources")).containsKeys("requests", "limits");
    }

    @Test
    void irsa_budget_and_autoscaler_point_at_the_vault() {
        assertThat(at(BY_KIND.get("ServiceAccount"), "metadata", "annotations")).containsKey("eks.amazonaws.com/role-arn");
        assertThat(at(BY_KIND.get("Deployment"), "spec", "template", "spec")).containsEntry("serviceAccountName", "estatekit-vault");
        Object selector = at(BY_KIND.get("Deployment"), "spec", "selector").get("matchLabels");
        assertThat(at(BY_KIND.get("PodDisruptionBudget"), "spec", "selector").get("matchLabels")).isEqualTo(selector);
        assertThat(at(BY_KIND.get("HorizontalPodAutoscaler"), "spec", "scaleTargetRef")).containsEntry("name", "estatekit-vault");
    }

    @Test
    void the_image_runs_the_shaded_jar_as_a_non_root_user_on_the_app_ports() throws IOException {
        String dockerfile = Files.readString(ROOT.resolve("Dockerfile"));
        assertThat(dockerfile).contains("EXPOSE 8080 8081").contains("USER 10001").contains("vault-app/target/vault-app.jar");
    }
}

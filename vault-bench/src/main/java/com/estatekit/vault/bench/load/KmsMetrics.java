package com.estatekit.vault.bench.load;

import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the app's Prometheus text from the management port's {@code /metrics}: KMS calls by
 * operation ({@code vault_kms_calls_total}, all outcomes) and the active crypto provider
 * ({@code vault_crypto_provider}).
 */
public final class KmsMetrics {

    private static final Pattern CALLS = Pattern.compile("^vault_kms_calls_total\\{([^}]*)}\\s+(\\S+)\\s*$");
    private static final Pattern PROVIDER = Pattern.compile("^vault_crypto_provider\\{([^}]*)}\\s+\\S+\\s*$");
    private static final Pattern LABEL = Pattern.compile("(\\w+)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    private KmsMetrics() {
    }

    /** KMS calls so far, summed over outcomes, by operation (e.g. {@code Decrypt}). */
    public static Map<String, Long> callsByOperation(String prometheusText) {
        Map<String, Long> calls = new TreeMap<>();
        for (String line : prometheusText.split("\n")) {
            Matcher matcher = CALLS.matcher(line.trim());
            if (matcher.matches()) {
                String operation = labels(matcher.group(1)).getOrDefault("operation", "?");
                long value = (long) Double.parseDouble(matcher.group(2));
                calls.merge(operation, value, Long::sum);
            }
        }
        return calls;
    }

    /** The provider label of {@code vault_crypto_provider}, e.g. {@code ACCP 2.5.0 (AWS-LC v1.47.0)}, or "unknown". */
    public static String cryptoProvider(String prometheusText) {
        for (String line : prometheusText.split("\n")) {
            Matcher matcher = PROVIDER.matcher(line.trim());
            if (matcher.matches()) {
                Map<String, String> labels = labels(matcher.group(1));
                return labels.getOrDefault("provider", labels.getOrDefault("kind", "unknown"));
            }
        }
        return "unknown";
    }

    /** Sum of all operations in {@code after} minus {@code before}, for one operation or all (null). */
    public static long delta(Map<String, Long> before, Map<String, Long> after, String operation) {
        long sum = 0;
        for (Map.Entry<String, Long> entry : after.entrySet()) {
            if (operation == null || operation.equals(entry.getKey())) {
                sum += entry.getValue() - before.getOrDefault(entry.getKey(), 0L);
            }
        }
        return sum;
    }

    private static Map<String, String> labels(String text) {
        Map<String, String> labels = new TreeMap<>();
        Matcher matcher = LABEL.matcher(text);
        while (matcher.find()) {
            labels.put(matcher.group(1), matcher.group(2).replace("\\\"", "\"").replace("\\\\", "\\"));
        }
        return labels;
    }
}

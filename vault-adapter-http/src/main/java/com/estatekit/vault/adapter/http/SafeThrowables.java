package com.estatekit.vault.adapter.http;

import java.util.IdentityHashMap;
import java.util.Map;

/**
 * Describes a throwable for a log line by class names and stack frames only. Messages are left
 * out: a parser's or library's message may quote the input, and the input may be a plaintext.
 */
final class SafeThrowables {

    private static final int MAX_FRAMES = 12;

    private SafeThrowables() {
    }

    static String describe(Throwable failure) {
        StringBuilder text = new StringBuilder();
        Map<Throwable, Boolean> seen = new IdentityHashMap<>();
        Throwable current = failure;
        while (current != null && !seen.containsKey(current)) {
            seen.put(current, Boolean.TRUE);
            if (text.length() > 0) {
                text.append(" caused by ");
            }
            text.append(current.getClass().getName());
            StackTraceElement[] frames = current.getStackTrace();
            for (int i = 0; i < Math.min(frames.length, MAX_FRAMES); i++) {
                text.append("\n\tat ").append(frames[i]);
            }
            current = current.getCause();
        }
        return text.toString();
    }
}

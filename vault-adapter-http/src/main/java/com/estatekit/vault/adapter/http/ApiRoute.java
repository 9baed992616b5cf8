package com.estatekit.vault.adapter.http;

import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.util.List;

/**
 * One route of the API: method, path template, the operation name audit and metrics use, and the
 * scope it needs. The route table is the single source for Javalin's registrations, the scope
 * checks, and the OpenAPI coverage test.
 */
record ApiRoute(HandlerType method, String path, String operation, Scope scope, boolean takesQuery, Action action) {

    /** The work of a route, after authentication and scope check. */
    interface Action {
        void handle(Context ctx, Exchange exchange) throws Exception;
    }

    /** The template of {@code path} among {@code routes}, or {@code UNMATCHED}: bounded metric tags. */
    static String templateOf(List<ApiRoute> routes, String path) {
        String[] segments = path.split("/", -1);
        for (ApiRoute route : routes) {
            String[] template = route.path().split("/", -1);
            if (template.length != segments.length) {
                continue;
            }
            boolean matches = true;
            for (int i = 0; i < template.length && matches; i++) {
                boolean parameter = template[i].startsWith("{");
                matches = parameter ? !segments[i].isEmpty() : template[i].equals(segments[i]);
            }
            if (matches) {
                return route.path();
            }
        }
        return "UNMATCHED";
    }
}

package com.estatekit.vault.adapter.http;

import java.io.IOException;
import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Jetty's own error pages (bad HTTP, header too large, refusals during shutdown) as problem+json,
 * without Jetty's message, cause or stack: those may quote the request.
 */
final class ProblemJsonErrorHandler extends ErrorHandler {

    @Override
    protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
            Callback callback) throws IOException {
        Problem problem = problemFor(code);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, Problems.CONTENT_TYPE);
        problem.headers().forEach((name, value) -> response.getHeaders().put(name, value));
        response.write(true, ByteBuffer.wrap(Problems.toJson(problem, null)), callback);
    }

    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        fields.put(HttpHeader.CONTENT_TYPE, Problems.CONTENT_TYPE);
        return ByteBuffer.wrap(Problems.toJson(problemFor(status), null));
    }

    private static Problem problemFor(int code) {
        Problem problem = new Problem(ProblemType.forProtocolStatus(code), code, "the request failed with HTTP status " + code);
        if (code == 503) {
            problem.header("Retry-After", "1");
        }
        return problem;
    }
}

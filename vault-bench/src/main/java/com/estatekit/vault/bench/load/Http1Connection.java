package com.estatekit.vault.bench.load;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * A minimal HTTP/1.1 client connection with keep-alive: one socket, one request at a time, the
 * response read by {@code Content-Length} or chunked encoding. The load generator shares the
 * machine's cores with the server, so every microsecond it spends is taken from the vault; this costs
 * a few tens of microseconds per request where {@code java.net.http.HttpClient} cost close to a
 * millisecond of CPU (measured in this benchmark's first runs). Not thread-safe: one per client thread.
 */
final class Http1Connection implements Closeable {

    private static final int TIMEOUT_MILLIS = 30_000;
    private static final int MAX_HEADER_LINE = 16 * 1024;
    /** Reconnect rather than reuse a connection idle this long: the server may have closed it (Jetty: 30 s). */
    private static final long MAX_IDLE_NANOS = 10_000_000_000L;

    private final String host;
    private final int port;
    private Socket socket;
    private InputStream in;
    private OutputStream out;
    private long lastUsed;

    Http1Connection(String host, int port) {
        this.host = host;
        this.port = port;
    }

    /** Sends one request and reads the whole response. An I/O failure closes the connection. */
    VaultClient.Response exchange(String method, String path, String authorization, String contentType, byte[] body)
            throws IOException {
        if (socket != null && System.nanoTime() - lastUsed > MAX_IDLE_NANOS) {
            close();
        }
        if (socket == null) {
            connect();
        }
        try {
            StringBuilder head = new StringBuilder(256).append(method).append(' ').append(path).append(" HTTP/1.1\r\n")
                    .append("Host: ").append(host).append(':').append(port).append("\r\n")
                    .append("Authorization: ").append(authorization).append("\r\n");
            if (contentType != null) {
                head.append("Content-Type: ").append(contentType).append("\r\n");
            }
            head.append("Content-Length: ").append(body.length).append("\r\n\r\n");
            byte[] headBytes = head.toString().getBytes(StandardCharsets.US_ASCII);
            byte[] request = new byte[headBytes.length + body.length];
            System.arraycopy(headBytes, 0, request, 0, headBytes.length);
            System.arraycopy(body, 0, request, headBytes.length, body.length);
            out.write(request);
            out.flush();
            VaultClient.Response response = readResponse(method);
            lastUsed = System.nanoTime();
            return response;
        } catch (IOException | RuntimeException failure) {
            close();
            throw failure;
        }
    }

    private VaultClient.Response readResponse(String method) throws IOException {
        String statusLine = readLine();
        if (!statusLine.startsWith("HTTP/1.1 ") && !statusLine.startsWith("HTTP/1.0 ")) {
            throw new IOException("not an HTTP/1.x response");
        }
        int status = Integer.parseInt(statusLine.substring(9, 12));
        long contentLength = -1;
        boolean chunked = false;
        boolean closeAfter = statusLine.startsWith("HTTP/1.0 ");
        String line;
        while (!(line = readLine()).isEmpty()) {
            int colon = line.indexOf(':');
            if (colon <= 0) {
                continue;
            }
            String name = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = line.substring(colon + 1).trim();
            switch (name) {
                case "content-length" -> contentLength = Long.parseLong(value);
                case "transfer-encoding" -> chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
                case "connection" -> closeAfter = value.equalsIgnoreCase("close");
                default -> {
                    // not needed
                }
            }
        }
        byte[] body;
        if (method.equals("HEAD") || status == 204 || status == 304 || (status >= 100 && status < 200)) {
            body = new byte[0];
        } else if (chunked) {
            body = readChunked();
        } else if (contentLength >= 0) {
            body = in.readNBytes((int) contentLength);
            if (body.length != contentLength) {
                throw new EOFException("response body ended early");
            }
        } else {
            body = in.readAllBytes();
            closeAfter = true;
        }
        if (closeAfter) {
            close();
        }
        return new VaultClient.Response(status, new String(body, StandardCharsets.UTF_8));
    }

    private byte[] readChunked() throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            String sizeLine = readLine();
            int semicolon = sizeLine.indexOf(';');
            int size = Integer.parseInt((semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon)).trim(), 16);
            if (size == 0) {
                while (!readLine().isEmpty()) {
                    // trailers
                }
                return body.toByteArray();
            }
            byte[] chunk = in.readNBytes(size);
            if (chunk.length != size) {
                throw new EOFException("chunk ended early");
            }
            body.write(chunk);
            readLine();
        }
    }

    private String readLine() throws IOException {
        StringBuilder line = new StringBuilder(64);
        int c;
        while ((c = in.read()) != -1) {
            if (c == '\n') {
                int length = line.length();
                return length > 0 && line.charAt(length - 1) == '\r' ? line.substring(0, length - 1) : line.toString();
            }
            if (line.length() >= MAX_HEADER_LINE) {
                throw new IOException("header line too long");
            }
            line.append((char) c);
        }
        throw new EOFException("connection closed by the server");
    }

    private void connect() throws IOException {
        Socket fresh = new Socket();
        try {
            fresh.setTcpNoDelay(true);
            fresh.setSoTimeout(TIMEOUT_MILLIS);
            fresh.connect(new InetSocketAddress(host, port), 5_000);
            in = new BufferedInputStream(fresh.getInputStream(), 64 * 1024);
            out = fresh.getOutputStream();
            socket = fresh;
        } catch (IOException e) {
            fresh.close();
            throw e;
        }
    }

    @Override
    public void close() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // Closing anyway.
            }
            socket = null;
            in = null;
            out = null;
        }
    }
}

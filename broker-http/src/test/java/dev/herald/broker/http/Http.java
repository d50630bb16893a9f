package dev.herald.broker.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** A small HTTP client for the tests: one request, its status and body. */
final class Http {

    record Answer(int status, String contentType, String body) {
    }

    private final InetSocketAddress address;
    private String authorization;

    Http(InetSocketAddress address) {
        this.address = address;
    }

    /** Sends these Basic credentials from now on. */
    Http as(String user, String password) {
        authorization = "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        return this;
    }

    Answer get(String path) throws IOException {
        return send("GET", path, null);
    }

    Answer send(String method, String path, String body) throws IOException {
        URI uri = URI.create("http://127.0.0.1:" + address.getPort() + path);
        HttpURLConnection c = (HttpURLConnection) uri.toURL().openConnection();
        c.setRequestMethod(method);
        c.setConnectTimeout(10_000);
        c.setReadTimeout(10_000);
        if (authorization != null) {
            c.setRequestProperty("Authorization", authorization);
        }
        if (body != null) {
            c.setDoOutput(true);
            c.setRequestProperty("Content-Type", "text/plain; charset=utf-8");
            try (OutputStream out = c.getOutputStream()) {
                out.write(body.getBytes(StandardCharsets.UTF_8));
            }
        }
        int status = c.getResponseCode();
        InputStream in = status >= 400 ? c.getErrorStream() : c.getInputStream();
        String text = in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        c.disconnect();
        return new Answer(status, c.getContentType(), text);
    }
}

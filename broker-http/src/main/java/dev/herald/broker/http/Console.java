package dev.herald.broker.http;

import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

/**
 * The web console: a page, a script and a style sheet shipped in this module, nothing from
 * elsewhere; the page reads the admin API.
 */
final class Console {

    private static final Map<String, String> FILES = Map.of(
            "/", "console/index.html",
            "/index.html", "console/index.html",
            "/console.js", "console/console.js",
            "/console.css", "console/console.css");
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8");

    /** Serves a console file; false when the path is none of them. */
    boolean serve(HttpExchange exchange, String path) throws IOException {
        String file = FILES.get(path);
        if (file == null || !exchange.getRequestMethod().equals("GET")) {
            return false;
        }
        byte[] body;
        try (InputStream in = Console.class.getResourceAsStream(file)) {
            if (in == null) {
                return false;
            }
            body = in.readAllBytes();
        }
        HttpOperations.send(exchange, 200, TYPES.get(file.substring(file.lastIndexOf('.') + 1)), body);
        return true;
    }
}

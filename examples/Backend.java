import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * An HTTP backend for HTTP_PROXY integrations, with the JDK alone: {@code java examples/Backend.java
 * [PORT]} listens on 127.0.0.1:PORT (9000 by default), prints each event wsgate POSTs with its path,
 * and answers 200 with {@code {"statusCode": 200}}, which accepts a {@code $connect} and, on a
 * two-way route, is what the client gets back.
 */
public class Backend {
    public static void main(String[] args) throws IOException {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 9000;
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        server.createContext("/", exchange -> {
            String event = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            System.out.println(exchange.getRequestMethod() + " " + exchange.getRequestURI() + " " + event);
            byte[] answer = "{\"statusCode\": 200}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        server.start();
        System.out.println("listening on http://127.0.0.1:" + server.getAddress().getPort());
    }
}

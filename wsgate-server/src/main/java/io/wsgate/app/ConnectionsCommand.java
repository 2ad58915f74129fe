package io.wsgate.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wsgate.console.Console;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;

/**
 * {@code wsgate connections list|send|kick}: the console's connection endpoints from a shell,
 * against a running gateway's control plane. Calls are SigV4-signed for {@code apigateway} (the AWS
 * SDK's signer) when credentials are found as the AWS CLI finds them (the environment, {@code
 * ~/.aws}); unsigned otherwise, which a gateway without identities accepts.
 */
@Command(
        name = "connections",
        description = "Lists the live connections of a running gateway, sends to one, or disconnects one.",
        mixinStandardHelpOptions = true,
        versionProvider = Main.VersionProvider.class,
        subcommands = {
            ConnectionsCommand.ListCommand.class,
            ConnectionsCommand.SendCommand.class,
            ConnectionsCommand.KickCommand.class
        })
final class ConnectionsCommand implements Runnable {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Where the gateway is, and who calls it. */
    static final class Target {
        @Option(
                names = "--endpoint",
                paramLabel = "URL",
                description = "the gateway's control plane (default: http://127.0.0.1:8081)")
        URI endpoint = URI.create("http://127.0.0.1:8081");

        @Option(
                names = "--region",
                description = "the region requests are signed for (default: AWS_REGION, AWS_DEFAULT_REGION, else"
                        + " us-east-1)")
        String region;

        @Option(names = "--no-sign", description = "send requests unsigned even when credentials are found")
        boolean noSign;

        private String region() {
            if (region != null) {
                return region;
            }
            String env = System.getenv("AWS_REGION");
            if (env == null || env.isBlank()) {
                env = System.getenv("AWS_DEFAULT_REGION");
            }
            return env == null || env.isBlank() ? "us-east-1" : env;
        }

        /** The credentials found as the AWS CLI finds them; empty for none (or {@code --no-sign}). */
        private Optional<AwsCredentials> credentials() {
            if (noSign) {
                return Optional.empty();
            }
            try (var provider = DefaultCredentialsProvider.builder().build()) {
                return Optional.of(provider.resolveCredentials());
            } catch (SdkClientException e) {
                return Optional.empty();
            }
        }

        /** Calls {@code method path?query} with {@code body}; the answer, or why the gateway could not be reached. */
        HttpResponse<String> call(String method, String path, Map<String, String> query, byte[] body)
                throws IOException, InterruptedException {
            var q = new StringBuilder();
            query.forEach((k, v) -> {
                if (v != null) {
                    q.append(q.isEmpty() ? "" : "&")
                            .append(k)
                            .append('=')
                            .append(URLEncoder.encode(v, StandardCharsets.UTF_8).replace("+", "%20"));
                }
            });
            String base = endpoint.toString().replaceAll("/+$", "");
            URI uri = URI.create(base + path + (q.isEmpty() ? "" : "?" + q));
            Map<String, List<String>> headers = new LinkedHashMap<>();
            headers.put(Console.HEADER, List.of("cli"));
            if (body.length > 0) {
                headers.put("Content-Type", List.of("text/plain; charset=utf-8"));
            }
            Optional<AwsCredentials> credentials = credentials();
            if (credentials.isPresent()) {
                var unsigned = SdkHttpRequest.builder()
                        .method(SdkHttpMethod.fromValue(method))
                        .uri(uri)
                        .headers(headers)
                        .build();
                var signed = AwsV4HttpSigner.create()
                        .sign(r -> r.identity(credentials.get())
                                .request(unsigned)
                                .payload(ContentStreamProvider.fromByteArrayUnsafe(body))
                                .putProperty(AwsV4HttpSigner.REGION_NAME, region())
                                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "apigateway"));
                headers = new LinkedHashMap<>(signed.request().headers());
            }
            var request = HttpRequest.newBuilder(uri)
                    .timeout(Duration.ofSeconds(30))
                    .method(method, HttpRequest.BodyPublishers.ofByteArray(body));
            headers.forEach((name, values) -> {
                if (!name.equalsIgnoreCase("host") && !name.equalsIgnoreCase("content-length")) {
                    values.forEach(v -> request.header(name, v));
                }
            });
            try (var http = HttpClient.newBuilder()
                    .connectTimeout(Duration.ofSeconds(10))
                    .build()) {
                return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            }
        }

        /** 0 for a 2xx answer; else says the status and the gateway's message on {@code err}, and 1. */
        int outcome(HttpResponse<String> response, PrintWriter err) {
            if (response.statusCode() / 100 == 2) {
                return 0;
            }
            String message = response.body();
            try {
                message = JSON.readTree(response.body()).path("message").asText(response.body());
            } catch (IOException e) {
                // not JSON: shown as sent
            }
            err.println(response.statusCode() + " "
                    + response.headers().firstValue("x-amzn-ErrorType").orElse("") + ": " + message);
            err.flush();
            return 1;
        }

        int unreachable(Exception e, PrintWriter err) {
            err.println("cannot reach the gateway's control plane at " + endpoint + ": " + e);
            err.flush();
            return 1;
        }
    }

    @Command(
            name = "list",
            description = "Lists live connections, oldest first: id, API and stage, source IP, connected at, last"
                    + " active, principal.",
            mixinStandardHelpOptions = true)
    static final class ListCommand implements Callable<Integer> {
        @Spec
        CommandLine.Model.CommandSpec spec;

        @CommandLine.Mixin
        Target target = new Target();

        @Option(names = "--api-id", description = "only this API's connections")
        String apiId;

        @Option(names = "--stage", description = "only this stage's (with --api-id)")
        String stage;

        @Option(names = "--filter", description = "only those whose id, source IP, user agent or principal holds this")
        String filter;

        @Option(names = "--limit", description = "how many a page lists, 1 to 1000 (default: 100)")
        Integer limit;

        @Option(names = "--next-token", description = "the page after the one that answered this token")
        String nextToken;

        @Option(names = "--all", description = "every page, one after the other")
        boolean all;

        @Option(names = "--output", paramLabel = "FORMAT", description = "text (the default) or json")
        String output = "text";

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            if (!output.equals("text") && !output.equals("json")) {
                err.println("--output must be text or json, not '" + output + "'");
                err.flush();
                return 2;
            }
            var items = new ArrayList<JsonNode>();
            String token = nextToken;
            String more;
            try {
                do {
                    var query = new LinkedHashMap<String, String>();
                    query.put("apiId", apiId);
                    query.put("stage", stage);
                    query.put("filter", filter);
                    query.put("limit", limit == null ? null : limit.toString());
                    query.put("nextToken", token);
                    HttpResponse<String> response = target.call("GET", "/wsgate/connections", query, new byte[0]);
                    if (target.outcome(response, err) != 0) {
                        return 1;
                    }
                    JsonNode page = JSON.readTree(response.body());
                    page.path("items").forEach(items::add);
                    more = page.hasNonNull("nextToken") ? page.get("nextToken").asText() : null;
                    token = more;
                } while (all && more != null);
            } catch (IOException e) {
                return target.unreachable(e, err);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return 1;
            }
            if (output.equals("json")) {
                var view = JSON.createObjectNode();
                view.putArray("items").addAll(items);
                if (more != null) {
                    view.put("nextToken", more);
                }
                out.println(view.toPrettyString());
            } else {
                table(items, out);
                if (more != null) {
                    out.println("more: --next-token " + more);
                }
            }
            out.flush();
            return 0;
        }

        private static void table(List<JsonNode> items, PrintWriter out) {
            String[] columns = {"CONNECTION ID", "API/STAGE", "SOURCE IP", "CONNECTED AT", "LAST ACTIVE", "PRINCIPAL"};
            var rows = new ArrayList<String[]>();
            rows.add(columns);
            for (JsonNode c : items) {
                rows.add(new String[] {
                    c.path("connectionId").asText(),
                    c.path("apiId").asText() + "/" + c.path("stage").asText(),
                    c.path("sourceIp").asText(),
                    c.path("connectedAt").asText(),
                    c.path("lastActiveAt").asText(),
                    c.path("principal").asText("-")
                });
            }
            int[] widths = new int[columns.length];
            rows.forEach(r -> {
                for (int i = 0; i < r.length; i++) {
                    widths[i] = Math.max(widths[i], r[i].length());
                }
            });
            for (String[] r : rows) {
                var line = new StringBuilder();
                for (int i = 0; i < r.length; i++) {
                    line.append(i == r.length - 1 ? r[i] : String.format("%-" + (widths[i] + 2) + "s", r[i]));
                }
                out.println(line);
            }
            if (items.isEmpty()) {
                out.println("(no live connection)");
            }
        }
    }

    @Command(
            name = "send",
            description = "Sends a message to a connection, as PostToConnection does.",
            mixinStandardHelpOptions = true)
    static final class SendCommand implements Callable<Integer> {
        @Spec
        CommandLine.Model.CommandSpec spec;

        @CommandLine.Mixin
        Target target = new Target();

        @Parameters(index = "0", paramLabel = "CONNECTION_ID")
        String connectionId;

        @Parameters(index = "1", paramLabel = "MESSAGE", description = "the text to send; - reads it from stdin")
        String message;

        @Override
        public Integer call() {
            PrintWriter err = spec.commandLine().getErr();
            try {
                byte[] body = message.equals("-") ? System.in.readAllBytes() : message.getBytes(StandardCharsets.UTF_8);
                return target.outcome(
                        target.call("POST", "/wsgate/connections/" + segment(connectionId), Map.of(), body), err);
            } catch (IOException e) {
                return target.unreachable(e, err);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return 1;
            }
        }
    }

    @Command(
            name = "kick",
            description = "Disconnects connections (close code 1000), as DeleteConnection does.",
            mixinStandardHelpOptions = true)
    static final class KickCommand implements Callable<Integer> {
        @Spec
        CommandLine.Model.CommandSpec spec;

        @CommandLine.Mixin
        Target target = new Target();

        @Parameters(paramLabel = "CONNECTION_ID", arity = "1..*")
        List<String> connectionIds;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            int exit = 0;
            for (String id : connectionIds) {
                try {
                    int one = target.outcome(
                            target.call("DELETE", "/wsgate/connections/" + segment(id), Map.of(), new byte[0]), err);
                    if (one == 0) {
                        out.println("disconnected " + id);
                        out.flush();
                    }
                    exit = Math.max(exit, one);
                } catch (IOException e) {
                    return target.unreachable(e, err);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return 1;
                }
            }
            return exit;
        }
    }

    /** {@code id} as one path segment. */
    private static String segment(String id) {
        return URLEncoder.encode(id, StandardCharsets.UTF_8).replace("+", "%20");
    }
}

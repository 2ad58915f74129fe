package io.wsgate.testing;

import io.wsgate.auth.Identity;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.AwsSessionCredentialsIdentity;

/** Requests signed by the AWS SDK for Java's SigV4 signer, as an SDK client would send them. */
public final class Signing {
    private Signing() {}

    /**
     * {@code method url} with {@code body} (null for none) signed by {@code who} for {@code
     * service} in {@code region} at {@code at}: in headers, or in the query string (a presigned URL
     * valid two minutes). A {@code ws(s)} URL is signed as the {@code http(s)} one it upgrades.
     */
    public static SdkHttpRequest sign(
            String method,
            URI url,
            byte[] body,
            Identity who,
            boolean presigned,
            String region,
            String service,
            Instant at) {
        return sign(method, url, java.util.Map.of(), body, who, presigned, region, service, at);
    }

    /** As above, with {@code headers} sent and signed too. */
    public static SdkHttpRequest sign(
            String method,
            URI url,
            java.util.Map<String, String> headers,
            byte[] body,
            Identity who,
            boolean presigned,
            String region,
            String service,
            Instant at) {
        AwsCredentialsIdentity credentials = who.sessionToken() == null
                ? AwsCredentialsIdentity.create(who.accessKeyId(), who.secretAccessKey())
                : AwsSessionCredentialsIdentity.create(who.accessKeyId(), who.secretAccessKey(), who.sessionToken());
        return AwsV4HttpSigner.create()
                .sign(r -> {
                    r.identity(credentials)
                            .request(SdkHttpRequest.builder()
                                    .method(SdkHttpMethod.fromValue(method))
                                    .uri(URI.create(url.toString().replaceFirst("^ws", "http")))
                                    .headers(headers.entrySet().stream()
                                            .collect(java.util.stream.Collectors.toMap(
                                                    java.util.Map.Entry::getKey, e -> List.of(e.getValue()))))
                                    .build())
                            .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, service)
                            .putProperty(AwsV4HttpSigner.REGION_NAME, region)
                            .putProperty(HttpSigner.SIGNING_CLOCK, Clock.fixed(at, ZoneOffset.UTC));
                    if (body != null) {
                        r.payload(ContentStreamProvider.fromByteArray(body));
                    }
                    if (presigned) {
                        r.putProperty(AwsV4HttpSigner.AUTH_LOCATION, AwsV4FamilyHttpSigner.AuthLocation.QUERY_STRING)
                                .putProperty(AwsV4HttpSigner.EXPIRATION_DURATION, Duration.ofMinutes(2));
                    }
                })
                .request();
    }

    /** The headers a header-signed request carries besides Host, which an HTTP client sends itself. */
    public static java.util.Map<String, String> headers(SdkHttpRequest signed) {
        var headers = new java.util.LinkedHashMap<String, String>();
        signed.headers().forEach((name, values) -> {
            if (!name.equalsIgnoreCase("host")) {
                headers.put(name, values.get(0));
            }
        });
        return headers;
    }
}

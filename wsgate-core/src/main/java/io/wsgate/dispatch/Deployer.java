package io.wsgate.dispatch;

import io.wsgate.auth.Iam;
import io.wsgate.integration.FunctionBinder;
import io.wsgate.integration.FunctionName;
import io.wsgate.integration.FunctionResult;
import io.wsgate.integration.IntegrationResult;
import io.wsgate.integration.Invoker;
import io.wsgate.integration.InvokerFactory;
import io.wsgate.integration.LambdaFunction;
import io.wsgate.integration.TimedInvoker;
import io.wsgate.integration.Timeouts;
import io.wsgate.model.Api;
import io.wsgate.model.AuthorizationType;
import io.wsgate.model.Authorizer;
import io.wsgate.model.Deployment;
import io.wsgate.model.Integration;
import io.wsgate.model.IntegrationType;
import io.wsgate.model.InvalidModelException;
import io.wsgate.model.Problems;
import io.wsgate.model.Route;
import io.wsgate.model.RouteSettings;
import io.wsgate.model.Stage;
import io.wsgate.observe.Metrics;
import io.wsgate.route.RouteSelector;
import io.wsgate.route.SelectionExpression;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Turns APIs into the route tables their stages serve: parses the route selection expression,
 * substitutes stage variables into integration URIs and binds every integration to an {@link
 * Invoker}. Reports every problem that would stop an API from being served, all at once, with
 * paths such as {@code apis[chat].integrations[send].integrationUri}.
 */
public final class Deployer {
    private static final Pattern STAGE_VARIABLE = Pattern.compile("\\$\\{stageVariables\\.([A-Za-z0-9_]+)}");

    private final InvokerFactory invokers;
    private final Timeouts timeouts;
    private final Authorizing authorizing;

    /**
     * How {@code $connect} routes that ask for authorization are served: the functions an {@code
     * authorizerUri} names, the region and account of the {@code methodArn} (what authorizers are
     * called with, and what {@code AWS_IAM} policies are checked on), and the identities {@code
     * AWS_IAM} signatures are checked against, and the API keys and usage plans {@code
     * apiKeyRequired} is checked against.
     */
    public record Authorizing(
            FunctionBinder functions,
            String region,
            String accountId,
            Iam iam,
            UsagePlans usagePlans,
            io.wsgate.auth.JwtVerifiers jwt,
            Metrics metrics) {
        /** Without API keys (a route with {@code apiKeyRequired} lets no key in), JWTs checked with the JVM's trust. */
        public Authorizing(FunctionBinder functions, String region, String accountId, Iam iam, Metrics metrics) {
            this(
                    functions,
                    region,
                    accountId,
                    iam,
                    new UsagePlans(java.time.Clock.systemUTC()),
                    new io.wsgate.auth.JwtVerifiers(),
                    metrics);
        }
    }

    /** Where JWTs are verified: a thread of its own each, as a verification may fetch keys. */
    private static final java.util.concurrent.Executor VERIFYING =
            task -> Thread.ofVirtual().name("wsgate-jwt").start(task);

    public Deployer(InvokerFactory invokers) {
        this(invokers, Timeouts.JDK);
    }

    /** As above, with integrations timed out by {@code timeouts}; routes with an authorizer are not served. */
    public Deployer(InvokerFactory invokers, Timeouts timeouts) {
        this(invokers, timeouts, null);
    }

    /** As above, serving authorizers as {@code authorizing} says (null: routes with one are not served). */
    public Deployer(InvokerFactory invokers, Timeouts timeouts, Authorizing authorizing) {
        this.invokers = invokers;
        this.timeouts = timeouts;
        this.authorizing = authorizing;
    }

    /**
     * The served stages of {@code apis}: those with a deployment.
     *
     * @throws InvalidModelException with every problem found
     */
    public List<StageRuntime> deploy(List<Api> apis) {
        var problems = new Problems();
        var ids = new HashSet<String>();
        var stages = new java.util.ArrayList<StageRuntime>();
        for (Api api : apis) {
            String prefix = "apis[" + api.name() + "]";
            problems.require(
                    ids.add(api.apiId()),
                    prefix + ".apiId",
                    () -> "duplicate apiId '" + api.apiId() + "' (expected: each API its own id)");
            for (Stage stage : api.stages()) {
                if (stage.deploymentId().isEmpty()) {
                    continue; // not invocable until deployed, as on AWS
                }
                try {
                    stages.add(new StageRuntime(api, stage, table(api, stage)));
                } catch (InvalidModelException e) {
                    problems.addAll(e.under(prefix).problems());
                }
            }
            if (api.stages().stream().allMatch(s -> s.deploymentId().isEmpty())) {
                problems.nested(prefix, () -> selector(api, api.routes())); // still check the expression
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidModelException(List.copyOf(new LinkedHashSet<>(problems.list())));
        }
        return List.copyOf(stages);
    }

    /**
     * The route table {@code stage} serves: its deployment's routes bound with its variables.
     *
     * @throws InvalidModelException with paths relative to the API
     */
    public RouteTable table(Api api, Stage stage) {
        String deploymentId = stage.deploymentId()
                .orElseThrow(() -> new InvalidModelException(
                        "stages[" + stage.stageName() + "].deploymentId", "missing (expected: a deployment)"));
        Deployment deployment = api.deployment(deploymentId)
                .orElseThrow(() -> new InvalidModelException(
                        "stages[" + stage.stageName() + "].deploymentId", "unknown deployment '" + deploymentId + "'"));
        String where = deploymentId.equals(Api.INITIAL_DEPLOYMENT) ? "" : "deployments[" + deploymentId + "].";
        var problems = new Problems();
        RouteSelector selector = null;
        try {
            selector = selector(api, deployment.routes());
        } catch (InvalidModelException e) {
            problems.addAll(e.problems());
        }
        var bound = new HashMap<String, Invoker>();
        for (Integration integration : deployment.integrations()) {
            String path = where + "integrations[" + integration.integrationId() + "]";
            try {
                bound.put(integration.integrationId(), bind(api, stage, integration));
            } catch (InvalidModelException e) {
                problems.addAll(e.under(path).problems());
            } catch (IllegalArgumentException e) {
                problems.add(path, e.getMessage());
            }
        }
        Optional<ConnectStep> authorize = Optional.empty();
        Optional<ConnectStep> apiKey = Optional.empty();
        for (Route route : deployment.routes()) {
            String path = where + "routes[" + route.routeKey() + "]";
            // Serving a route without the check it asks for would be worse than not serving it.
            // Only $connect's authorization is evaluated, as on AWS: on other routes it has no effect.
            boolean connect = route.routeKey().equals(Route.CONNECT);
            Set<AuthorizationType> enforced = authorizing == null
                    ? EnumSet.of(AuthorizationType.NONE)
                    : EnumSet.of(
                            AuthorizationType.NONE,
                            AuthorizationType.AWS_IAM,
                            AuthorizationType.CUSTOM,
                            AuthorizationType.JWT);
            problems.require(
                    !connect || enforced.contains(route.authorizationType()),
                    path + ".authorizationType",
                    () -> route.authorizationType() + " is not enforced yet (supported: "
                            + enforced.stream().map(Enum::name).collect(Collectors.joining(", ")) + ")");
            problems.require(
                    !connect || !route.apiKeyRequired() || authorizing != null,
                    path + ".apiKeyRequired",
                    () -> "true is not enforced here (supported: false)");
            if (connect && route.apiKeyRequired() && authorizing != null) {
                try {
                    apiKey = Optional.of(new ApiKeyCheck(
                            authorizing.usagePlans(), api.apiKeySelectionExpression(), authorizing.metrics()));
                } catch (IllegalArgumentException e) {
                    problems.add("apiKeySelectionExpression", e.getMessage());
                }
            }
            if (connect && route.authorizationType() == AuthorizationType.AWS_IAM && authorizing != null) {
                authorize =
                        Optional.of(new SignedConnect(authorizing.iam(), methodArn(api, stage), authorizing.metrics()));
            }
            boolean jwt = route.authorizationType() == AuthorizationType.JWT;
            if (connect && (route.authorizationType() == AuthorizationType.CUSTOM || jwt) && authorizing != null) {
                Optional<Authorizer> authorizer = route.authorizerId().flatMap(deployment::authorizer);
                if (authorizer.isPresent() && !authorizer.get().authorizerType().equals(jwt ? "JWT" : "REQUEST")) {
                    problems.add(
                            path + ".authorizerId",
                            "'" + authorizer.get().authorizerId() + "' is a "
                                    + authorizer.get().authorizerType()
                                    + " authorizer (expected: a " + (jwt ? "JWT" : "REQUEST") + " one for "
                                    + route.authorizationType() + ")");
                } else if (authorizer.isPresent() && jwt) {
                    authorize = Optional.of(
                            new JwtAuthorize(authorizer.get(), authorizing.jwt(), VERIFYING, authorizing.metrics()));
                } else if (authorizer.isPresent()) {
                    String at = where + "authorizers[" + authorizer.get().authorizerId() + "]";
                    try {
                        authorize = Optional.of(authorize(api, stage, authorizer.get()));
                    } catch (InvalidModelException e) {
                        problems.addAll(e.under(at).problems());
                    } catch (IllegalArgumentException e) {
                        problems.add(at + ".authorizerUri", e.getMessage());
                    }
                }
            }
        }
        problems.throwIfAny();
        var targets = new HashMap<String, RouteTable.Target>();
        for (Route route : deployment.routes()) {
            RouteSettings settings = stage.settingsOf(route.routeKey());
            targets.put(
                    route.routeKey(),
                    new RouteTable.Target(
                            route,
                            route.integrationId().map(bound::get),
                            route.twoWay(),
                            route.routeKey().equals(Route.CONNECT)
                                    ? Stream.of(authorize, apiKey)
                                            .flatMap(Optional::stream)
                                            .toList()
                                    : List.of(),
                            settings.throttles() && !route.routeKey().equals(Route.DISCONNECT)
                                    ? Optional.of(TokenBucket.of(settings))
                                    : Optional.empty(),
                            route.integrationId()
                                    .flatMap(deployment::integration)
                                    .map(i -> i.integrationType() != IntegrationType.MOCK)
                                    .orElse(false),
                            ExecutionLog.of(settings),
                            settings.detailedMetrics()));
        }
        return new RouteTable(deploymentId, selector, targets, stage.stageVariables());
    }

    /** The authorize step of {@code authorizer} on {@code stage}, its function bound and timed. */
    private ConnectStep authorize(Api api, Stage stage, Authorizer authorizer) {
        FunctionName name = FunctionName.parse(authorizer.authorizerUri());
        LambdaFunction function = authorizing.functions().bind(api, stage, name);
        int millis = Integration.MAX_TIMEOUT_MILLIS;
        var timedOut = new FunctionResult.Failed(
                IntegrationResult.Failure.TIMEOUT, "Timeout", "no answer within " + millis + " ms");
        LambdaFunction timed = payload -> timeouts.completeOnTimeout(function.call(payload), timedOut, millis);
        return new Authorize(authorizer, timed, methodArn(api, stage), authorizing.metrics());
    }

    /** {@code arn:aws:execute-api:{region}:{account}:{apiId}/{stage}/$connect}. */
    private String methodArn(Api api, Stage stage) {
        return "arn:aws:execute-api:" + authorizing.region() + ":" + authorizing.accountId() + ":" + api.apiId() + "/"
                + stage.stageName() + "/" + Route.CONNECT;
    }

    private Invoker bind(Api api, Stage stage, Integration integration) {
        Integration resolved = integration;
        if (integration.integrationUri().isPresent()) {
            String uri = substitute(integration.integrationUri().get(), stage);
            resolved = integration.toBuilder().uri(uri).build();
        }
        Invoker invoker = invokers.create(api, stage, resolved);
        // MOCK answers at once; a timer for it would only cost.
        return integration.integrationType() == IntegrationType.MOCK
                ? invoker
                : new TimedInvoker(invoker, integration.timeoutInMillis(), timeouts);
    }

    /** {@code uri} with {@code ${stageVariables.name}} replaced by the stage's values. */
    static String substitute(String uri, Stage stage) {
        Matcher m = STAGE_VARIABLE.matcher(uri);
        var out = new StringBuilder();
        while (m.find()) {
            String value = stage.stageVariables().get(m.group(1));
            if (value == null) {
                throw new InvalidModelException(
                        "integrationUri",
                        "uses ${stageVariables." + m.group(1) + "}, which stage '" + stage.stageName()
                                + "' does not define");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static RouteSelector selector(Api api, List<Route> routes) {
        SelectionExpression expression;
        try {
            expression = SelectionExpression.parse(api.routeSelectionExpression());
        } catch (IllegalArgumentException e) {
            throw new InvalidModelException("routeSelectionExpression", e.getMessage());
        }
        Optional<String> other = expression.otherVariables().stream().findFirst();
        if (other.isPresent()) {
            throw new InvalidModelException(
                    "routeSelectionExpression",
                    "'$" + other.get() + "' cannot select routes (expected: $request.body variables only, such as"
                            + " $request.body.action)");
        }
        var keys = new HashSet<String>();
        routes.forEach(r -> keys.add(r.routeKey()));
        return new RouteSelector(expression, keys);
    }
}

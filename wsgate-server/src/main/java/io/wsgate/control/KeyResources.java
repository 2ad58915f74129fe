package io.wsgate.control;

import static io.wsgate.control.Documents.JSON;
import static io.wsgate.control.Documents.object;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.security.SecureRandom;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The {@code apigateway} (v1) resources WebSocket APIs take their API keys from, on the paths and
 * in the wire format boto3's {@code apigateway} client and the AWS CLI use: API keys ({@code
 * /apikeys}), usage plans with their stages, throttle and quota ({@code /usageplans}), the keys of a
 * plan ({@code /usageplans/{id}/keys}) and what they used ({@code /usageplans/{id}/usage}). Lists
 * are v1's: {@code limit} and {@code position}, {@code {"item": [...]}}; dates are epoch seconds;
 * a delete answers 202; changes are JSON Patch operations ({@code patchOperations}).
 *
 * <p>Stored beside the APIs in the state file, and served at once: a key made, enabled or added to
 * a plan lets connects in from the next one on, with no deployment.
 */
final class KeyResources {
    private static final Pattern VALUE = Pattern.compile("[\\x21-\\x7e]{20,128}");
    private static final char[] ALPHABET =
            "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Set<String> KEY_MEMBERS =
            Set.of("name", "description", "enabled", "generateDistinctId", "value", "stageKeys", "customerId", "tags");
    private static final Set<String> PLAN_MEMBERS =
            Set.of("name", "description", "apiStages", "throttle", "quota", "tags");

    private final ControlContext context;

    KeyResources(ControlContext context) {
        this.context = context;
    }

    List<Operation.Bound> operations() {
        String keys = "/apikeys";
        String key = keys + "/{apiKey}";
        String plans = "/usageplans";
        String plan = plans + "/{usagePlanId}";
        String planKeys = plan + "/keys";
        String planKey = planKeys + "/{keyId}";
        return List.of(
                new Operation.Bound("POST", keys, this::createKey),
                new Operation.Bound("GET", keys, this::listKeys),
                new Operation.Bound(
                        "GET",
                        key,
                        call -> Answer.ok(keyOut(
                                key(context.store().state(), call.param("apiKey")),
                                call.query("includeValue")
                                        .map(Boolean::parseBoolean)
                                        .orElse(false)))),
                new Operation.Bound("PATCH", key, this::updateKey),
                new Operation.Bound("DELETE", key, this::deleteKey),
                new Operation.Bound("POST", plans, this::createPlan),
                new Operation.Bound("GET", plans, this::listPlans),
                new Operation.Bound(
                        "GET",
                        plan,
                        call -> Answer.ok(planOut(plan(context.store().state(), call.param("usagePlanId"))))),
                new Operation.Bound("PATCH", plan, this::updatePlan),
                new Operation.Bound("DELETE", plan, this::deletePlan),
                new Operation.Bound("POST", planKeys, this::addKey),
                new Operation.Bound("GET", planKeys, this::listPlanKeys),
                new Operation.Bound("GET", planKey, this::getPlanKey),
                new Operation.Bound("DELETE", planKey, this::removeKey),
                new Operation.Bound("GET", plan + "/usage", this::usage));
    }

    // --- API keys

    private Answer createKey(Call call) {
        ObjectNode body = body(call, KEY_MEMBERS);
        String value = text(body, "value").orElseGet(KeyResources::generated);
        if (!VALUE.matcher(value).matches()) {
            throw ControlError.badRequest(
                    "API Key value should be at least 20 characters long and at most 128, of printable ASCII");
        }
        return Answer.created(context.store().update(state -> {
            ObjectNode all = object(state, "apiKeys");
            for (JsonNode other : all) {
                if (other.path("value").asText().equals(value)) {
                    throw ControlError.conflict("API Key already exists");
                }
            }
            String id = Ids.apiId();
            long now = context.clock().instant().getEpochSecond();
            ObjectNode key = JSON.objectNode().put("id", id).put("value", value);
            key.put("name", text(body, "name").orElse(id));
            text(body, "description").ifPresent(d -> key.put("description", d));
            text(body, "customerId").ifPresent(c -> key.put("customerId", c));
            key.put("enabled", bool(body, "enabled").orElse(false));
            key.put("createdDate", now).put("lastUpdatedDate", now);
            key.set("stageKeys", JSON.arrayNode());
            key.set("tags", body.has("tags") ? body.get("tags") : JSON.objectNode());
            all.set(id, key);
            return keyOut(key, true);
        }));
    }

    private Answer listKeys(Call call) {
        boolean values = call.query("includeValues").map(Boolean::parseBoolean).orElse(false);
        Optional<String> name = call.query("name");
        Optional<String> customer = call.query("customerId");
        List<JsonNode> items = Documents.values(context.store().state().path("apiKeys")).stream()
                .filter(k ->
                        name.map(n -> k.path("name").asText().startsWith(n)).orElse(true))
                .filter(k -> customer.map(c -> k.path("customerId").asText().equals(c))
                        .orElse(true))
                .map(k -> (JsonNode) keyOut(k, values))
                .toList();
        return Answer.ok(Documents.pageV1(items, call));
    }

    private Answer updateKey(Call call) {
        List<Patch> patches = patches(call.body());
        return Answer.ok(context.store().update(state -> {
            ObjectNode key = key(state, call.param("apiKey"));
            for (Patch p : patches) {
                switch (p.op() + " " + p.path()) {
                    case "replace /enabled" -> key.put("enabled", booleanValue(p));
                    case "replace /name" -> key.put("name", p.value());
                    case "replace /description" -> key.put("description", p.value());
                    case "replace /customerId" -> key.put("customerId", p.value());
                    default -> throw invalidPatch(p);
                }
            }
            key.put("lastUpdatedDate", context.clock().instant().getEpochSecond());
            return keyOut(key, false);
        }));
    }

    private Answer deleteKey(Call call) {
        context.store().update(state -> {
            String id = key(state, call.param("apiKey")).path("id").asText();
            ((ObjectNode) state.get("apiKeys")).remove(id);
            Documents.values(state.path("usagePlans")).forEach(plan -> removeFrom(plan, id));
            return null;
        });
        return Answer.accepted();
    }

    private ObjectNode key(JsonNode state, String id) {
        JsonNode key = state.path("apiKeys").path(id);
        if (!(key instanceof ObjectNode found)) {
            throw ControlError.notFound("ApiKey", "Invalid API Key identifier specified");
        }
        return found;
    }

    private static ObjectNode keyOut(JsonNode stored, boolean withValue) {
        ObjectNode out = stored.deepCopy();
        if (!withValue) {
            out.remove("value");
        }
        return out;
    }

    private static String generated() {
        var out = new char[40];
        for (int i = 0; i < out.length; i++) {
            out[i] = ALPHABET[RANDOM.nextInt(ALPHABET.length)];
        }
        return new String(out);
    }

    // --- usage plans

    private Answer createPlan(Call call) {
        ObjectNode body = body(call, PLAN_MEMBERS);
        String name = text(body, "name")
                .filter(n -> !n.isBlank())
                .orElseThrow(() -> ControlError.badRequest("Usage Plan name must be non-empty"));
        return Answer.created(context.store().update(state -> {
            ObjectNode plan = JSON.objectNode();
            String id = Ids.resourceId();
            plan.put("id", id).put("name", name);
            text(body, "description").ifPresent(d -> plan.put("description", d));
            ArrayNode stages = plan.putArray("apiStages");
            for (JsonNode stage : body.path("apiStages")) {
                stages.add(apiStage(
                        state, stage.path("apiId").asText(), stage.path("stage").asText(), stage));
            }
            if (body.has("throttle")) {
                plan.set("throttle", throttle(body.get("throttle")));
            }
            if (body.has("quota")) {
                plan.set("quota", quota(body.get("quota")));
            }
            plan.set("tags", body.has("tags") ? body.get("tags") : JSON.objectNode());
            plan.put("createdDate", context.clock().instant().getEpochSecond());
            plan.putArray("keys");
            object(state, "usagePlans").set(id, plan);
            return planOut(plan);
        }));
    }

    private Answer listPlans(Call call) {
        Optional<String> keyId = call.query("keyId");
        List<JsonNode> items = Documents.values(context.store().state().path("usagePlans")).stream()
                .filter(p -> keyId.map(k -> keyIds(p).contains(k)).orElse(true))
                .map(p -> (JsonNode) planOut(p))
                .toList();
        return Answer.ok(Documents.pageV1(items, call));
    }

    private Answer updatePlan(Call call) {
        List<Patch> patches = patches(call.body());
        return Answer.ok(context.store().update(state -> {
            ObjectNode plan = plan(state, call.param("usagePlanId"));
            for (Patch p : patches) {
                switch (p.op() + " " + p.path()) {
                    case "replace /name" -> plan.put("name", p.value());
                    case "replace /description" -> plan.put("description", p.value());
                    case "replace /throttle/rateLimit", "replace /throttle/burstLimit" -> {
                        ObjectNode t = plan.has("throttle")
                                ? (ObjectNode) plan.get("throttle")
                                : JSON.objectNode().put("burstLimit", 0).put("rateLimit", 0.0);
                        t.set(p.path().substring("/throttle/".length()), number(p));
                        plan.set("throttle", throttle(t));
                    }
                    case "remove /throttle" -> plan.remove("throttle");
                    case "replace /quota/limit", "replace /quota/offset", "replace /quota/period" -> {
                        ObjectNode q = plan.has("quota") ? (ObjectNode) plan.get("quota") : JSON.objectNode();
                        String member = p.path().substring("/quota/".length());
                        if (member.equals("period")) {
                            q.put("period", p.value());
                        } else {
                            q.set(member, number(p));
                        }
                        plan.set("quota", quota(q));
                    }
                    case "remove /quota" -> plan.remove("quota");
                    case "add /apiStages", "remove /apiStages" -> {
                        String[] parts =
                                p.value() == null ? new String[0] : p.value().split(":", 2);
                        if (parts.length != 2) {
                            throw ControlError.badRequest(
                                    "Invalid API stage '" + p.value() + "' (expected: apiId:stage)");
                        }
                        ArrayNode stages = (ArrayNode) plan.get("apiStages");
                        int at = indexOf(stages, parts[0], parts[1]);
                        if (p.op().equals("add")) {
                            if (at < 0) {
                                stages.add(apiStage(state, parts[0], parts[1], JSON.objectNode()));
                            }
                        } else if (at >= 0) {
                            stages.remove(at);
                        } else {
                            throw ControlError.notFound("UsagePlan", "Invalid API stage specified: " + p.value());
                        }
                    }
                    default -> throw invalidPatch(p);
                }
            }
            return planOut(plan);
        }));
    }

    private Answer deletePlan(Call call) {
        context.store().update(state -> {
            String id = plan(state, call.param("usagePlanId")).path("id").asText();
            ((ObjectNode) state.get("usagePlans")).remove(id);
            return null;
        });
        return Answer.accepted();
    }

    private ObjectNode apiStage(ObjectNode state, String apiId, String stage, JsonNode given) {
        JsonNode api = state.path("apis").path(apiId);
        if (api.isMissingNode()) {
            throw ControlError.notFound("Api", "Invalid API identifier specified " + context.accountId() + ":" + apiId);
        }
        boolean found = false;
        for (JsonNode s : api.path("stages")) {
            found |= s.path("stageName").asText().equals(stage);
        }
        if (!found) {
            throw ControlError.badRequest("Invalid stage identifier specified");
        }
        ObjectNode out = JSON.objectNode().put("apiId", apiId).put("stage", stage);
        if (given.has("throttle")) {
            out.set("throttle", given.get("throttle")); // kept and answered; API Gateway meters REST methods with it
        }
        return out;
    }

    private static ObjectNode throttle(JsonNode given) {
        JsonNode burst = given.path("burstLimit");
        JsonNode rate = given.path("rateLimit");
        if ((!burst.isMissingNode() && (!burst.canConvertToInt() || burst.asInt() < 0 || !burst.isIntegralNumber()))
                || (!rate.isMissingNode() && (!rate.isNumber() || rate.asDouble() < 0))) {
            throw ControlError.badRequest("Invalid throttle " + given
                    + " (expected: burstLimit a whole number, rateLimit a number, both 0" + " or more)");
        }
        return JSON.objectNode().put("burstLimit", burst.asInt(0)).put("rateLimit", rate.asDouble(0));
    }

    private static ObjectNode quota(JsonNode given) {
        JsonNode limit = given.path("limit");
        JsonNode offset = given.path("offset");
        String period = given.path("period").asText("");
        if (!limit.isIntegralNumber() || limit.asLong() < 1) {
            throw ControlError.badRequest("Invalid quota limit " + limit + " (expected: a whole number, 1 or more)");
        }
        if (!offset.isMissingNode()
                && (!offset.isIntegralNumber() || offset.asLong() < 0 || offset.asLong() >= limit.asLong())) {
            throw ControlError.badRequest(
                    "Invalid quota offset " + offset + " (expected: a whole number from 0 to less than the limit)");
        }
        if (!Set.of("DAY", "WEEK", "MONTH").contains(period)) {
            throw ControlError.badRequest("Invalid quota period '" + period + "' (expected: DAY, WEEK or MONTH)");
        }
        return JSON.objectNode()
                .put("limit", limit.asLong())
                .put("offset", offset.asLong(0))
                .put("period", period);
    }

    private ObjectNode plan(JsonNode state, String id) {
        JsonNode plan = state.path("usagePlans").path(id);
        if (!(plan instanceof ObjectNode found)) {
            throw ControlError.notFound("UsagePlan", "Invalid Usage Plan ID specified");
        }
        return found;
    }

    private static ObjectNode planOut(JsonNode stored) {
        ObjectNode out = stored.deepCopy();
        out.remove("keys");
        out.remove("createdDate");
        return out;
    }

    // --- the keys of a plan

    private Answer addKey(Call call) {
        JsonNode body = call.body();
        String keyId = body.path("keyId").asText("");
        String type = body.path("keyType").asText("");
        if (!type.equals("API_KEY")) {
            throw ControlError.badRequest("Invalid keyType '" + type + "' (expected: API_KEY)");
        }
        return Answer.created(context.store().update(state -> {
            ObjectNode plan = plan(state, call.param("usagePlanId"));
            ObjectNode key = key(state, keyId);
            List<String> ids = keyIds(plan);
            if (ids.contains(keyId)) {
                throw ControlError.conflict(
                        "Usage Plan " + plan.path("id").asText() + " already contains API Key " + keyId);
            }
            for (ObjectNode other : Documents.values(state.path("usagePlans"))) {
                if (other != plan && keyIds(other).contains(keyId)) {
                    for (JsonNode stage : plan.path("apiStages")) {
                        if (indexOf(
                                        other.path("apiStages"),
                                        stage.path("apiId").asText(),
                                        stage.path("stage").asText())
                                >= 0) {
                            throw ControlError.conflict(
                                    "Usage Plan " + plan.path("id").asText()
                                            + " cannot be added because API Key " + keyId
                                            + " cannot reference multiple Usage Plans with the same API Stage: "
                                            + stage.path("apiId").asText() + ":"
                                            + stage.path("stage").asText());
                        }
                    }
                }
            }
            ((ArrayNode) plan.get("keys")).add(keyId);
            return planKeyOut(key);
        }));
    }

    private Answer listPlanKeys(Call call) {
        ObjectNode state = context.store().state();
        Optional<String> name = call.query("name");
        List<JsonNode> items = new ArrayList<>();
        for (String id : keyIds(plan(state, call.param("usagePlanId")))) {
            JsonNode key = state.path("apiKeys").path(id);
            if (key.isObject()
                    && name.map(n -> key.path("name").asText().startsWith(n)).orElse(true)) {
                items.add(planKeyOut(key));
            }
        }
        return Answer.ok(Documents.pageV1(items, call));
    }

    private Answer getPlanKey(Call call) {
        ObjectNode state = context.store().state();
        ObjectNode plan = plan(state, call.param("usagePlanId"));
        String keyId = call.param("keyId");
        if (!keyIds(plan).contains(keyId)) {
            throw ControlError.notFound("UsagePlanKey", "Invalid API Key identifier specified");
        }
        return Answer.ok(planKeyOut(key(state, keyId)));
    }

    private Answer removeKey(Call call) {
        context.store().update(state -> {
            ObjectNode plan = plan(state, call.param("usagePlanId"));
            String keyId = call.param("keyId");
            if (!keyIds(plan).contains(keyId)) {
                throw ControlError.notFound("UsagePlanKey", "Invalid API Key identifier specified");
            }
            removeFrom(plan, keyId);
            return null;
        });
        return Answer.accepted();
    }

    private static ObjectNode planKeyOut(JsonNode key) {
        return JSON.objectNode()
                .put("id", key.path("id").asText())
                .put("type", "API_KEY")
                .put("value", key.path("value").asText())
                .put("name", key.path("name").asText());
    }

    static List<String> keyIds(JsonNode plan) {
        var ids = new ArrayList<String>();
        plan.path("keys").forEach(k -> ids.add(k.asText()));
        return ids;
    }

    private static void removeFrom(ObjectNode plan, String keyId) {
        ArrayNode keys = (ArrayNode) plan.get("keys");
        for (int i = keys.size() - 1; i >= 0; i--) {
            if (keys.get(i).asText().equals(keyId)) {
                keys.remove(i);
            }
        }
    }

    private static int indexOf(JsonNode stages, String apiId, String stage) {
        for (int i = 0; i < stages.size(); i++) {
            if (stages.get(i).path("apiId").asText().equals(apiId)
                    && stages.get(i).path("stage").asText().equals(stage)) {
                return i;
            }
        }
        return -1;
    }

    // --- usage

    private Answer usage(Call call) {
        ObjectNode stored = plan(context.store().state(), call.param("usagePlanId"));
        LocalDate from = date(call, "startDate");
        LocalDate to = date(call, "endDate");
        if (to.isBefore(from)) {
            throw ControlError.badRequest("The end date must not be before the start date");
        }
        if (to.toEpochDay() - from.toEpochDay() > 366) {
            throw ControlError.badRequest("The usage data period cannot be longer than 366 days");
        }
        Optional<String> keyId = call.query("keyId");
        if (keyId.isPresent() && !keyIds(stored).contains(keyId.get())) {
            throw ControlError.notFound("UsagePlanKey", "Invalid API Key identifier specified");
        }
        var plan = Snapshots.usagePlan(stored);
        ObjectNode out = JSON.objectNode()
                .put("usagePlanId", plan.id())
                .put("startDate", from.toString())
                .put("endDate", to.toString());
        ObjectNode values = out.putObject("values");
        context.usagePlans().usage(plan, keyId, from, to).forEach((key, days) -> {
            ArrayNode list = values.putArray(key);
            days.forEach(day -> {
                ArrayNode pair = list.addArray();
                day.forEach(pair::add);
            });
        });
        return Answer.ok(out);
    }

    private static LocalDate date(Call call, String name) {
        String text = call.query(name)
                .orElseThrow(
                        () -> ControlError.badRequest(name + " is required (expected: a date such as 2026-12-01)"));
        try {
            return LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            throw ControlError.badRequest("Invalid " + name + " '" + text + "' (expected: a date such as 2026-12-01)");
        }
    }

    // --- bodies and patches

    private static ObjectNode body(Call call, Set<String> members) {
        if (!(call.body() instanceof ObjectNode body)) {
            if (call.body().isMissingNode()) {
                return JSON.objectNode();
            }
            throw ControlError.badRequest("Invalid request body (expected: a JSON object)");
        }
        body.fieldNames().forEachRemaining(name -> {
            if (!members.contains(name)) {
                throw ControlError.badRequest("Invalid request input: unknown member '" + name + "' (expected: "
                        + String.join(", ", members.stream().sorted().toList()) + ")");
            }
        });
        return body;
    }

    private static Optional<String> text(JsonNode body, String name) {
        JsonNode value = body.path(name);
        if (value.isMissingNode() || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isTextual()) {
            throw ControlError.badRequest("Invalid " + name + " " + value + " (expected: a string)");
        }
        return Optional.of(value.asText());
    }

    private static Optional<Boolean> bool(JsonNode body, String name) {
        JsonNode value = body.path(name);
        if (value.isMissingNode() || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isBoolean()) {
            throw ControlError.badRequest("Invalid " + name + " " + value + " (expected: true or false)");
        }
        return Optional.of(value.asBoolean());
    }

    /** One JSON Patch operation as the v1 service takes it: values are strings. */
    private record Patch(String op, String path, String value) {}

    private static List<Patch> patches(JsonNode body) {
        var out = new ArrayList<Patch>();
        for (JsonNode p : body.path("patchOperations")) {
            out.add(new Patch(
                    p.path("op").asText(""),
                    p.path("path").asText(""),
                    p.path("value").asText(null)));
        }
        return out;
    }

    private static boolean booleanValue(Patch p) {
        if (!"true".equals(p.value()) && !"false".equals(p.value())) {
            throw ControlError.badRequest(
                    "Invalid value '" + p.value() + "' for " + p.path() + " (expected: true or false)");
        }
        return Boolean.parseBoolean(p.value());
    }

    private static JsonNode number(Patch p) {
        try {
            String v = p.value() == null ? "" : p.value().trim();
            return v.contains(".") || v.contains("e") || v.contains("E")
                    ? JSON.numberNode(Double.parseDouble(v))
                    : JSON.numberNode(Long.parseLong(v));
        } catch (NumberFormatException e) {
            throw ControlError.badRequest(
                    "Invalid value '" + p.value() + "' for " + p.path() + " (expected: a number)");
        }
    }

    private static ControlError invalidPatch(Patch p) {
        return ControlError.badRequest("Invalid patch path '" + p.path() + "' specified for op '" + p.op() + "'");
    }
}

package io.wsgate.control;

import com.fasterxml.jackson.databind.JsonNode;

/** What an operation answers: the status the service model gives it, and a body or none. */
public record Answer(int status, JsonNode body) {
    static Answer created(JsonNode body) {
        return new Answer(201, body);
    }

    static Answer ok(JsonNode body) {
        return new Answer(200, body);
    }

    /** 202 with no body, as the v1 service answers a delete. */
    static Answer accepted() {
        return new Answer(202, null);
    }

    static Answer noContent() {
        return new Answer(204, null);
    }

    /** 201 with an empty body, as TagResource answers. */
    static Answer createdEmpty() {
        return new Answer(201, null);
    }
}

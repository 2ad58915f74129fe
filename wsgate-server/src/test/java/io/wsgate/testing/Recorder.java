package io.wsgate.testing;

import io.wsgate.integration.EventType;
import io.wsgate.integration.HandlerContext;
import io.wsgate.integration.Reply;
import io.wsgate.integration.WebSocketEvent;
import io.wsgate.integration.WebSocketHandler;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/** An in-process handler that records every event and answers as the test says (ok by default). */
public final class Recorder implements WebSocketHandler {
    private final BlockingQueue<WebSocketEvent> events = new LinkedBlockingQueue<>();
    private volatile WebSocketHandler answer = (event, context) -> Reply.ok();

    @Override
    public Reply handle(WebSocketEvent event, HandlerContext context) throws Exception {
        events.add(event);
        return answer.handle(event, context);
    }

    public Recorder answer(WebSocketHandler handler) {
        this.answer = handler;
        return this;
    }

    /** The next event, waiting up to {@link TestClient#WAIT}. */
    public WebSocketEvent await() {
        return Await.next(events, "event");
    }

    /** The next event of {@code type}, skipping others. */
    public WebSocketEvent await(EventType type) {
        while (true) {
            WebSocketEvent event = await();
            if (event.eventType() == type) {
                return event;
            }
        }
    }

    /** The next event of {@code type} for {@code connectionId}, skipping others. */
    public WebSocketEvent await(EventType type, String connectionId) {
        while (true) {
            WebSocketEvent event = await(type);
            if (event.connectionId().equals(connectionId)) {
                return event;
            }
        }
    }

    /** Everything recorded so far and not yet awaited. */
    public List<WebSocketEvent> drain() {
        var list = new ArrayList<WebSocketEvent>();
        events.drainTo(list);
        return list;
    }

    public void clear() {
        events.clear();
    }
}

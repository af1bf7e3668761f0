package dev.lambdarec.functions;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.funqy.Funq;
import jakarta.inject.Inject;

/** The events Lambda: behind its Function URL (IAM auth), and invoked directly or asynchronously. */
public class EventsFunction {

    @Inject
    FunctionGateway gateway;

    @Inject
    EventsHandler events;

    @Funq("events")
    public JsonNode events(LambdaPayload payload) {
        return gateway.serveOrInvoke(payload, events::route, events::handle);
    }
}

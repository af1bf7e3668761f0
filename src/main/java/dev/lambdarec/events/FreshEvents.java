package dev.lambdarec.events;

import dev.lambdarec.model.CannotFoldInException;
import dev.lambdarec.model.FoldedUser;
import dev.lambdarec.model.History;
import dev.lambdarec.model.ServingModel;
import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * What a serving path knows of the last minutes: the subjects' recent events, and how many of them make it fold the
 * subject in rather than answer from what training knew. Redis not answering costs the freshness, never the answer.
 */
public record FreshEvents(RecentEvents recent, int keep, int minFoldIn) {
    public static final FreshEvents NONE = new FreshEvents(null, 0, Integer.MAX_VALUE);
    private static final Logger LOG = Logger.getLogger(FreshEvents.class.getName());

    /** The subject's recent events, newest first; none when they are not read or Redis does not answer. */
    public List<String> of(String subject) {
        if (recent == null) {
            return List.of();
        }
        try {
            return recent.recent(subject, keep);
        } catch (RuntimeException e) {
            LOG.warning("recent events of " + subject + " unavailable, answering without them: " + e.getMessage());
            return List.of();
        }
    }

    /**
     * The subject folded in from their recent events ({@code knownUser} >= 0 merges their training items), when
     * there are at least {@code minFoldIn}, the model knows some of their items and can fold in; empty otherwise.
     */
    public Optional<FoldedUser> foldIn(List<String> events, ServingModel model, int knownUser) {
        if (events.size() < minFoldIn) {
            return Optional.empty();
        }
        History history = RecentHistory.of(events, model);
        if (history.size() == 0) {
            return Optional.empty();
        }
        try {
            return Optional.of(model.scorer().foldIn(history, knownUser));
        } catch (CannotFoldInException e) {
            return Optional.empty(); // the caller's list, the recent items left out
        }
    }
}

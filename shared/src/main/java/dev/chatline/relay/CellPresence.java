package dev.chatline.relay;

import dev.chatline.auth.Identity;
import dev.chatline.cells.CellRouter;
import dev.chatline.presence.PresenceCells;
import dev.chatline.presence.PresenceChange;
import dev.chatline.presence.UserPresence;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Presence across cells: subscriptions to users of other cells are one {@link CellQuery#PRESENCE_SUBSCRIBE} call per
 * cell (stored and answered there, {@code PresenceService.subscribeHere}); a change is one {@link RelayJob#PRESENCE}
 * job per subscriber cell, posted there to the subscribers' connections. Users unknown to the directory count as
 * local.
 */
public final class CellPresence implements PresenceCells {
    private final CellRouter router;
    private final CellCalls calls;
    private final RelayQueue queue;

    public CellPresence(CellRouter router, CellCalls calls, RelayQueue queue) {
        this.router = router;
        this.calls = calls;
        this.queue = queue;
    }

    @Override
    public Map<String, UserPresence> subscribeRemote(Identity subscriber, List<String> userIds) {
        Map<String, UserPresence> answered = new HashMap<>();
        byRemoteCell(userIds.stream().distinct().toList(), new ArrayList<>()).forEach((cell, users) -> {
            UserPresence[] seen = CellQuery.Answer.fromJson(calls.call(cell,
                    CellQuery.presenceSubscribe(subscriber, users).toJson())).resultOrThrow(UserPresence[].class);
            for (UserPresence p : seen) {
                answered.put(p.userId(), p);
            }
        });
        return answered;
    }

    @Override
    public List<String> relayToOtherCells(PresenceChange change, List<String> subscribers) {
        List<String> local = new ArrayList<>();
        String self = router.cells().self();
        byRemoteCell(subscribers, local).forEach((cell, users) ->
                queue.send(cell, RelayJob.presence(self, change, users)));
        return local;
    }

    /** The users homed in other cells, by cell; the others are added to {@code local}. */
    private Map<String, List<String>> byRemoteCell(List<String> userIds, List<String> local) {
        Map<String, List<String>> byCell = new LinkedHashMap<>();
        for (String userId : userIds) {
            Optional<String> home = router.remoteHomeOf(userId);
            if (home.isPresent()) {
                byCell.computeIfAbsent(home.get(), c -> new ArrayList<>()).add(userId);
            } else {
                local.add(userId);
            }
        }
        return byCell;
    }
}

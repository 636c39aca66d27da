package dev.chatline.relay;

import dev.chatline.auth.Identity;
import dev.chatline.cells.CellRouter;
import dev.chatline.connection.DeviceAccount;
import dev.chatline.keys.RemoteKeys;
import dev.chatline.protocol.KeysFrames;
import java.util.List;
import java.util.Optional;

/**
 * Key fetches and signed device lists of users homed in other cells: a synchronous {@link CellQuery} to their cell's
 * {@code cellCall} function, which hands the bundles out there (each one-time key taken once, by the owner's
 * conditional delete) or reads the list. Its refusals ({@code UNKNOWN_RECIPIENT}, ...) are thrown as the same
 * errors; a failed call fails the request (the client retries).
 */
public final class CellKeys implements RemoteKeys {
    /** A signed list as answered: the account, or null for a user without one. */
    record SignedList(DeviceAccount.Account account) {
    }

    private final CellRouter router;
    private final CellCalls calls;

    public CellKeys(CellRouter router, CellCalls calls) {
        this.router = router;
        this.calls = calls;
    }

    @Override
    public Optional<KeysFrames.KeyBundles> keyBundles(Identity requester, String userId, Optional<String> deviceId) {
        return router.remoteHomeOf(userId).map(cell -> ask(cell, CellQuery.keysFetch(requester, userId, deviceId))
                .resultOrThrow(KeysFrames.KeyBundles.class));
    }

    @Override
    public Optional<DeviceAccount> deviceList(Identity caller, String userId) {
        return router.remoteHomeOf(userId).map(cell -> ask(cell, CellQuery.deviceList(caller, userId)))
                .map(answer -> new DeviceAccount(Optional.ofNullable(answer.resultOrThrow(SignedList.class)
                        .account()), List.of(), List.of()));
    }

    private CellQuery.Answer ask(String cell, CellQuery query) {
        return CellQuery.Answer.fromJson(calls.call(cell, query.toJson()));
    }
}

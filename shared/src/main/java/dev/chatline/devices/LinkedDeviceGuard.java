package dev.chatline.devices;

import dev.chatline.config.ChatConfig;
import dev.chatline.connection.DeviceDirectory;
import dev.chatline.connection.DeviceAccountStore;
import dev.chatline.observability.Metrics;
import dev.chatline.auth.Identity;
import dev.chatline.ratelimit.RouteGuard;
import dev.chatline.ratelimit.RouteLimits;
import java.time.Clock;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The gate before every route's own limit: a device that is not linked to its user's account (not on the signed
 * device list, see {@link DeviceListService}) may only run the link flow ({@link #LINK_FLOW}); anything else is
 * {@code NOT_LINKED}. Reads the warm instance's {@link DeviceDirectory} (≤ 30 s old) and, before refusing, the table
 * (a device linked a moment ago is admitted at once). A device unlinked less than the directory's TTL ago may pass
 * on an instance that cached the list before: its connections were closed, its keys and inbox deleted, and no
 * message or push is addressed to it, so what it can still reach for those seconds is its user's own reads.
 */
public final class LinkedDeviceGuard implements RouteGuard {
    /** What an unlinked device may do: connect, publish its keys, ask to be linked, read and reset its account. */
    public static final Set<String> LINK_FLOW = Set.of("$connect", "$disconnect", "$default", "keysUpload",
            "keysCount", "linkRequest", "deviceList", "deviceListUpdate");

    private final DeviceDirectory directory;
    private final RouteGuard next;

    public LinkedDeviceGuard(DeviceDirectory directory, RouteGuard next) {
        this.directory = directory;
        this.next = next;
    }

    /**
     * The gate every route function builds once per cold start: this check, then the route's limit
     * ({@link RouteLimits}), on the {@code devices} and {@code rate-limits} tables.
     */
    public static RouteGuard on(DynamoDbClient ddb, ChatConfig config, Clock clock, Metrics metrics) {
        return new LinkedDeviceGuard(new DeviceDirectory(new DeviceAccountStore(ddb, config, clock)::deviceIds, clock,
                DeviceDirectory.DEFAULT_TTL, DeviceDirectory.DEFAULT_CAPACITY), RouteLimits.on(ddb, config, clock, metrics));
    }

    @Override
    public void admit(String routeKey, Identity caller) {
        if (!LINK_FLOW.contains(routeKey) && !directory.deviceIds(caller.userId()).contains(caller.deviceId())
                && !directory.fresh(caller.userId()).contains(caller.deviceId())) {
            throw notLinked();
        }
        next.admit(routeKey, caller);
    }

    /**
     * The refusal. Here, not in {@link DeviceListService}: every route function builds this guard, and a reference to
     * the service would pull its fan-out queue and {@code @connections} clients into artifacts that ship neither
     * (the media functions; {@code FunctionArtifactsTest}).
     */
    static dev.chatline.protocol.ProtocolException notLinked() {
        return new dev.chatline.protocol.ProtocolException(dev.chatline.protocol.ErrorCode.NOT_LINKED,
                "this device is not linked to its account: link it from a linked device first");
    }
}

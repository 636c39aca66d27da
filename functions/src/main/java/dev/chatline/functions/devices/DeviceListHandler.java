package dev.chatline.functions.devices;

import dev.chatline.connection.DeviceAccount;
import dev.chatline.devices.DeviceFrames;
import dev.chatline.devices.DeviceListService;
import dev.chatline.devices.DeviceListUpdate;
import dev.chatline.devices.DeviceView;
import dev.chatline.functions.ws.RouteHandler;
import dev.chatline.functions.ws.WsRequest;
import dev.chatline.keys.KeyFormats;
import dev.chatline.protocol.ClientFrame;
import dev.chatline.auth.Identity;
import dev.chatline.ratelimit.RouteGuard;

/**
 * Routes {@code linkRequest} (an unlinked device asks for a link code), {@code deviceList} (a user's signed device
 * list; for the own user also every device and a pending link request by code) and {@code deviceListUpdate} (a new
 * list signed by the account identity: create the account, approve a link, unlink, reset). One handler class, one
 * function per route, like the group changes.
 */
public final class DeviceListHandler extends RouteHandler {
    private static final int MAX_NAME = 64;
    private final DeviceListService devices;

    public DeviceListHandler() {
        this(DevicesWiring.fromEnvironment());
    }

    private DeviceListHandler(DevicesWiring wiring) {
        this(wiring.deviceListService(), wiring.routeGuard());
    }

    public DeviceListHandler(DeviceListService devices, RouteGuard guard) {
        super(guard);
        this.devices = devices;
    }

    @Override
    protected String handle(WsRequest request, ClientFrame frame) {
        Identity caller = request.identity();
        String requestId = frame.requestId().orElse(null);
        return switch (frame.action().orElse("")) {
            case "linkRequest" -> {
                DeviceListService.LinkCode code = devices.requestLink(caller,
                        KeyFormats.publicKey("identityKey", frame.string("identityKey"), KeyFormats.KeyType.EC),
                        (int) (long) frame.optLong("registrationId", 1, 16380).orElseThrow(
                                () -> ClientFrame.missing("registrationId")), name(frame));
                yield DeviceFrames.linkCode(requestId, code.code(), code.expiresAtMillis());
            }
            case "deviceListUpdate" -> list(requestId, caller, caller.userId(),
                    devices.update(caller, DeviceListUpdate.parse(frame)), java.util.Optional.empty());
            default -> {
                String userId = frame.optId("userId").orElse(caller.userId());
                yield list(requestId, caller, userId, devices.read(caller, userId), frame.optId("linkCode"));
            }
        };
    }

    private static String list(String requestId, Identity caller, String userId, DeviceAccount account,
                               java.util.Optional<String> linkCode) {
        boolean own = userId.equals(caller.userId());
        return DeviceFrames.deviceList(requestId, userId, account,
                new DeviceView(own, caller.deviceId(), own ? linkCode : java.util.Optional.empty()));
    }

    private static String name(ClientFrame frame) {
        String name = frame.optString("name").orElse("");
        if (name.length() > MAX_NAME) {
            throw ClientFrame.invalid("name", "longer than " + MAX_NAME + " characters");
        }
        return name;
    }
}

package dev.chatline.functions.devices;

import dev.chatline.wiring.DevicesGraph;
import dev.chatline.functions.wiring.FunctionGraphs;
import dev.chatline.auth.Identity;
import dev.chatline.connection.DeviceAccount;
import dev.chatline.devices.DeviceFrames;
import dev.chatline.devices.DeviceListService;
import dev.chatline.devices.DeviceView;
import dev.chatline.functions.ws.RouteHandler;
import dev.chatline.functions.ws.WsRequest;
import dev.chatline.keys.KeyFormats;
import dev.chatline.protocol.ClientMessage;
import dev.chatline.protocol.DeviceActions;
import dev.chatline.protocol.ProtocolJson;
import dev.chatline.protocol.ServerFrame;
import dev.chatline.ratelimit.RouteGuard;
import java.util.Optional;

/**
 * Routes {@code linkRequest} (an unlinked device asks for a link code), {@code deviceList} (a user's signed device
 * list; for the own user also every device and a pending link request by code) and {@code deviceListUpdate} (a new
 * list signed by the account identity: create the account, approve a link, unlink, reset). One handler class, one
 * function per route, like the group changes.
 */
public final class DeviceListHandler extends RouteHandler<ClientMessage> {
    private final DeviceListService devices;

    public DeviceListHandler() {
        this(FunctionGraphs.devices());
    }

    private DeviceListHandler(DevicesGraph wiring) {
        this(wiring.deviceListService(), wiring.routeGuard());
    }

    public DeviceListHandler(DeviceListService devices, RouteGuard guard) {
        super(ClientMessage.class, guard);
        this.devices = devices;
    }

    @Override
    protected ServerFrame handle(WsRequest request, ClientMessage message, String requestId) {
        Identity caller = request.identity();
        if (message instanceof DeviceActions.LinkRequest link) {
            DeviceListService.LinkCode code = devices.requestLink(caller,
                    KeyFormats.publicKey("identityKey", link.identityKey(), KeyFormats.KeyType.EC),
                    link.registrationId().intValue(), link.nameOrEmpty());
            return DeviceFrames.linkCode(code.code(), code.expiresAtMillis());
        }
        if (message instanceof DeviceActions.DeviceListUpdate update) {
            return list(caller, caller.userId(), devices.update(caller, update),
                    Optional.empty());
        }
        if (message instanceof DeviceActions.DeviceList read) {
            String userId = read.userId() == null ? caller.userId() : read.userId();
            return list(caller, userId, devices.read(caller, userId), Optional.ofNullable(read.linkCode()));
        }
        throw ProtocolJson.unknownAction(message.action());
    }

    private static ServerFrame list(Identity caller, String userId, DeviceAccount account, Optional<String> linkCode) {
        boolean own = userId.equals(caller.userId());
        return DeviceFrames.deviceList(userId, account,
                new DeviceView(own, caller.deviceId(), own ? linkCode : Optional.empty()));
    }
}

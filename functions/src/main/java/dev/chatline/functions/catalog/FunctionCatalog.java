package dev.chatline.functions.catalog;

import static dev.chatline.schema.CellResources.DIRECTORY;
import static dev.chatline.schema.Tables.CHATS;
import static dev.chatline.schema.Tables.CONNECTIONS;
import static dev.chatline.schema.Tables.CONTACTS;
import static dev.chatline.schema.Tables.DEVICES;
import static dev.chatline.schema.Tables.DEVICE_KEYS;
import static dev.chatline.schema.Tables.GROUPS;
import static dev.chatline.schema.Tables.GROUP_MEMBERS;
import static dev.chatline.schema.Tables.GROUP_USERS;
import static dev.chatline.schema.Tables.IDEMPOTENCY;
import static dev.chatline.schema.Tables.INBOX;
import static dev.chatline.schema.Tables.MEDIA;
import static dev.chatline.schema.Tables.MESSAGES;
import static dev.chatline.schema.Tables.ONE_TIME_EC_PREKEYS;
import static dev.chatline.schema.Tables.ONE_TIME_KEM_PREKEYS;
import static dev.chatline.schema.Tables.PRESENCE;
import static dev.chatline.schema.Tables.PRESENCE_SUBSCRIBERS;
import static dev.chatline.schema.Tables.PUSH_TOKENS;
import static dev.chatline.schema.Tables.PUSH_WINDOWS;
import static dev.chatline.schema.Tables.RATE_LIMITS;
import static dev.chatline.schema.Tables.RECEIPTS;

import dev.chatline.schema.Resources;
import dev.chatline.schema.TableDef;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The wiring "route / queue / topic → function", declared once, with the artifact each function ships in. The CDK
 * stack creates exactly these functions (each from its {@link Artifact}), routes, event source mappings,
 * subscriptions and IAM grants; the local runtime hosts exactly these handlers.
 * Routes answered without a function ({@code heartbeat}) are in {@link MockRoutes}.
 */
public final class FunctionCatalog {
    /**
     * The JVM options of every function: C1 only, the fastest start for short handlers (SnapStart restores an
     * already initialised JVM). The CDK stack sets them; the cold start benchmark starts its probes with them.
     */
    public static final String JAVA_TOOL_OPTIONS = "-XX:+TieredCompilation -XX:TieredStopAtLevel=1";
    private static final String PKG = "dev.chatline.functions.";
    private static final Duration WS_TIMEOUT = Duration.ofSeconds(10);
    private static final String GROUP_HANDLER = "groups.GroupHandler";
    /** The read-only group routes: built without what delivers, which their functions are not given. */
    private static final String GROUP_QUERY_HANDLER = "groups.GroupQueryHandler";
    /**
     * Membership changes read the devices of up to 256 members and write their inbox rows (a group created with
     * 255 members is a staged change of about a dozen transactions): allow API Gateway's full integration timeout.
     */
    private static final Duration GROUP_CHANGE_TIMEOUT = Duration.ofSeconds(29);

    public static final FunctionDef AUTHORIZER = new FunctionDef("authorizer", PKG + "auth.AuthorizerHandler",
            Artifact.AUTHORIZER, 512, Duration.ofSeconds(5), new Trigger.Authorizer(List.of()), List.of());

    /**
     * Constant work whatever others do: a presence change for subscribers is one queue message. In a cell, a new
     * device's connect publishes the user's device summary (device ids and registration ids) to the directory.
     */
    public static final FunctionDef CONNECT = route("connect", "connection.ConnectHandler", "$connect", false,
            rw(CONNECTIONS), rw(DEVICES), rw(PRESENCE), ro(PRESENCE_SUBSCRIBERS),
            new Access.SendToQueue(Resources.FANOUT), rw(RATE_LIMITS), ro(DEVICE_KEYS), rw(DIRECTORY));

    public static final FunctionDef DISCONNECT = route("disconnect", "connection.DisconnectHandler", "$disconnect",
            false, rw(CONNECTIONS), rw(PRESENCE), ro(PRESENCE_SUBSCRIBERS), new Access.SendToQueue(Resources.FANOUT));

    public static final FunctionDef DEFAULT = route("default", "connection.DefaultRouteHandler", "$default", true);

    /**
     * Stores the message (with its receipt header and inbox rows) and posts it to the live connections of a chat
     * of up to 16 users itself (push requests for offline devices); larger chats and failed posts go to the queue.
     */
    public static final FunctionDef SEND_MESSAGE = route("sendMessage", "messaging.SendMessageHandler",
            "sendMessage", true, rw(CHATS), rw(MESSAGES), rw(IDEMPOTENCY), rw(INBOX), rw(RATE_LIMITS), ro(DEVICES),
            rw(CONTACTS), rw(MEDIA), ro(GROUP_MEMBERS), rw(RECEIPTS), rw(CONNECTIONS), ro(DEVICE_KEYS), manage(),
            new Access.SendToQueue(Resources.FANOUT), new Access.PublishToTopic(Resources.PUSH_REQUESTS),
            ro(DIRECTORY), new Access.SendToQueue(Resources.RELAY));

    /** Applies the receipt on the small header/receipt rows and posts the sender's events itself. */
    public static final FunctionDef RECEIPT = route("receipt", "receipts.ReceiptHandler", "receipt", true,
            rw(RECEIPTS), rw(INBOX), ro(DEVICES), ro(GROUP_MEMBERS), rw(CONNECTIONS), manage(),
            new Access.SendToQueue(Resources.FANOUT), rw(RATE_LIMITS),
            ro(DIRECTORY), new Access.SendToQueue(Resources.RELAY));

    public static final FunctionDef RECEIPT_INFO = route("receiptInfo", "receipts.ReceiptInfoHandler", "receiptInfo",
            true, ro(MESSAGES), ro(RECEIPTS), ro(GROUP_MEMBERS), rw(RATE_LIMITS));

    public static final FunctionDef GROUP_CREATE = groupChange("groupCreate");
    public static final FunctionDef GROUP_ADD = groupChange("groupAdd");
    public static final FunctionDef GROUP_REMOVE = groupChange("groupRemove");
    public static final FunctionDef GROUP_LEAVE = groupChange("groupLeave");
    public static final FunctionDef GROUP_ADMIN = groupChange("groupAdmin");
    public static final FunctionDef GROUP_ACCEPT = groupChange("groupAccept");

    /**
     * Deletes the caller's invitation (rate limited like every change). Its handler is the membership changes' (with
     * their wiring), so it gets their environment and grants: with less, its constructor fails when SnapStart
     * publishes the version (the local runtime's start-up check found it).
     */
    public static final FunctionDef GROUP_DECLINE = groupChange("groupDecline");

    /** In a cell, the info of a group of another cell is asked of that cell ({@code cellCall}: the relay grant). */
    public static final FunctionDef GROUP_INFO = route("groupInfo", GROUP_QUERY_HANDLER, "groupInfo", true,
            ro(GROUPS), ro(GROUP_MEMBERS), rw(RATE_LIMITS), new Access.SendToQueue(Resources.RELAY));

    /** In a cell, the caller's groups of other cells are listed from its slot rows ({@code group-users}). */
    public static final FunctionDef GROUP_LIST = route("groupList", GROUP_QUERY_HANDLER, "groupList", true,
            ro(GROUP_MEMBERS), ro(GROUP_USERS), rw(RATE_LIMITS));

    /** Posts the device's pending rows; drops the rows of groups the user is no longer in (member rows read). */
    public static final FunctionDef SYNC = route("sync", "messaging.SyncHandler", "sync", true,
            rw(INBOX), ro(MESSAGES), ro(GROUP_MEMBERS), rw(CONNECTIONS), manage(), rw(RATE_LIMITS),
            ro(DIRECTORY));

    /**
     * In a cell, the history of a chat homed in another cell is asked of that cell ({@code cellCall}: the relay
     * grant; the directory says where a direct chat lives).
     */
    public static final FunctionDef HISTORY = route("history", "messaging.HistoryHandler", "history", true,
            ro(MESSAGES), ro(GROUP_MEMBERS), ro(RECEIPTS), rw(RATE_LIMITS), ro(DIRECTORY),
            new Access.SendToQueue(Resources.RELAY));

    public static final FunctionDef PRESENCE_SUBSCRIBE = route("presenceSubscribe",
            "presence.PresenceSubscribeHandler", "presenceSubscribe", true,
            ro(CONNECTIONS), ro(PRESENCE), rw(PRESENCE_SUBSCRIBERS), rw(RATE_LIMITS), ro(CONTACTS),
            ro(DIRECTORY), new Access.SendToQueue(Resources.RELAY));

    public static final FunctionDef SETTINGS = route("settings", "presence.SettingsHandler", "settings", true,
            rw(PRESENCE), rw(RATE_LIMITS), ro(CONNECTIONS), ro(PRESENCE_SUBSCRIBERS),
            new Access.SendToQueue(Resources.FANOUT));

    /** Writes the caller's keys; on an identity change reads contacts and devices and queues identityChanged. */
    public static final FunctionDef KEYS_UPLOAD = route("keysUpload", "keys.KeysUploadHandler", "keysUpload", true,
            rw(DEVICE_KEYS), rw(ONE_TIME_EC_PREKEYS), rw(ONE_TIME_KEM_PREKEYS), ro(CONTACTS), ro(GROUP_MEMBERS),
            ro(DEVICES), new Access.SendToQueue(Resources.FANOUT), rw(RATE_LIMITS), rw(DIRECTORY),
            new Access.SendToQueue(Resources.RELAY));

    /**
     * Reads bundles and deletes the one-time keys it hands out; rate limited. Reads the signed device list (devices
     * table) it returns with the bundles and hands out bundles of listed devices only. In a cell, a user of another
     * cell's bundles are asked of that cell's cellCall (the directory says where the user lives).
     */
    public static final FunctionDef KEYS_FETCH = route("keysFetch", "keys.KeysFetchHandler", "keysFetch", true,
            ro(DEVICE_KEYS), rw(ONE_TIME_EC_PREKEYS), rw(ONE_TIME_KEM_PREKEYS), rw(RATE_LIMITS), ro(DEVICES),
            ro(DIRECTORY), new Access.SendToQueue(Resources.RELAY));

    /** An unlinked device asks for a link code (a row in the devices table). */
    public static final FunctionDef LINK_REQUEST = deviceList("linkRequest");
    /** A user's signed device list (and for the own user: devices, pending link request, provisioning blob). */
    public static final FunctionDef DEVICE_LIST = deviceList("deviceList");
    /**
     * Stores a new signed list; unlinking deletes the device's keys, push token, inbox rows and connections, and every
     * change is announced to contacts and co-members through the fan-out queue.
     */
    public static final FunctionDef DEVICE_LIST_UPDATE = deviceList("deviceListUpdate");

    public static final FunctionDef KEYS_COUNT = route("keysCount", "keys.KeysCountHandler", "keysCount", true,
            ro(ONE_TIME_EC_PREKEYS), ro(ONE_TIME_KEM_PREKEYS), rw(RATE_LIMITS));

    /**
     * Fan-out consumer (also tells presence subscribers about a change): batches of 10 (SQS's most per FIFO receive), chats of a batch in parallel, each in order;
     * no job starts after 15 s (half the timeout), so the 30 s timeout is never what ends a batch. Reported records
     * are made visible again by the function (ChangeMessageVisibility, granted with the event source).
     */
    public static final FunctionDef FANOUT = new FunctionDef("fanout", PKG + "messaging.FanoutHandler", Artifact.CORE,
            1024,
            Duration.ofSeconds(30), new Trigger.Queue(Resources.FANOUT, 10, Duration.ZERO),
            List.of(rw(CONNECTIONS), rw(INBOX), ro(PRESENCE_SUBSCRIBERS), manage(),
                    new Access.SendToQueue(Resources.FANOUT),
                    new Access.PublishToTopic(Resources.PUSH_REQUESTS), ro(DIRECTORY),
                    new Access.SendToQueue(Resources.RELAY)));

    /**
     * Cells: consumer of this cell's relay queue (jobs of peer cells: messages for this cell's users with their
     * replica, receipt and key events, presence changes for subscribers here, receipts of chats homed here), batched and failed per record like the fan-out.
     * Inert in a single-cell deployment (nothing sends to its queue). Reads the directory; may relay on (a receipt
     * event for a sender of a third cell).
     */
    public static final FunctionDef RELAY = new FunctionDef("relay", PKG + "relay.RelayHandler", Artifact.CORE,
            1024, Duration.ofSeconds(30), new Trigger.Queue(Resources.RELAY, 10, Duration.ZERO),
            List.of(rw(MESSAGES), rw(INBOX), rw(CONTACTS), rw(RECEIPTS), ro(DEVICES), ro(GROUP_MEMBERS),
                    rw(CONNECTIONS), manage(), ro(DIRECTORY), new Access.SendToQueue(Resources.RELAY),
                    new Access.SendToQueue(Resources.FANOUT), new Access.PublishToTopic(Resources.PUSH_REQUESTS),
                    ro(PRESENCE_SUBSCRIBERS)));

    /**
     * Cells: invoked synchronously by peer cells (IAM): runs a send forwarded into a chat homed in this cell, a group
     * action on a group homed here, a key fetch (taking one-time keys), a device list read or a presence subscription
     * for a user of this cell, or the history of a group homed here, with the grants of the functions that do those
     * here (and the membership changes' timeout), and answers the result or the refusal.
     */
    public static final FunctionDef CELL_CALL = new FunctionDef("cellCall", PKG + "relay.CellCallHandler",
            Artifact.CORE, 1024, GROUP_CHANGE_TIMEOUT, new Trigger.Invoke(), union(SEND_MESSAGE, GROUP_CREATE,
            KEYS_FETCH, KEYS_UPLOAD, DEVICE_LIST, PRESENCE_SUBSCRIBE, HISTORY));

    /**
     * Presigns the upload (PutObject, so the signature is valid) and creates the media row, after counting its bytes
     * against the user's daily quota.
     */
    public static final FunctionDef MEDIA_UPLOAD = route("mediaUpload", "media.MediaUploadHandler", Artifact.MEDIA,
            "mediaUpload", true, rw(MEDIA), new Access.Bucket(Resources.MEDIA, true), rw(RATE_LIMITS));

    public static final FunctionDef MEDIA_DOWNLOAD = route("mediaDownload", "media.MediaDownloadHandler",
            Artifact.MEDIA, "mediaDownload", true, ro(MEDIA), ro(GROUP_MEMBERS),
            new Access.Bucket(Resources.MEDIA, false), rw(RATE_LIMITS));

    public static final FunctionDef REGISTER_PUSH = route("registerPush", "push.RegisterPushHandler",
            "registerPush", true, rw(PUSH_TOKENS), rw(RATE_LIMITS));

    /** Push sender: subscribed to the push requests; also gets the Firebase secret (a topic subscriber). */
    public static final FunctionDef PUSH = new FunctionDef("push", PKG + "push.PushHandler", Artifact.PUSH, 1024,
            Duration.ofSeconds(30), new Trigger.Topic(Resources.PUSH_REQUESTS),
            List.of(rw(PUSH_TOKENS), rw(PUSH_WINDOWS), ro(DEVICES)));

    /** All functions, in a stable order. */
    public static final List<FunctionDef> ALL = List.of(AUTHORIZER, CONNECT, DISCONNECT, DEFAULT,
            SEND_MESSAGE, RECEIPT, SYNC, HISTORY, PRESENCE_SUBSCRIBE, SETTINGS, FANOUT, RECEIPT_INFO, GROUP_CREATE,
            GROUP_ADD, GROUP_REMOVE, GROUP_LEAVE, GROUP_ADMIN, GROUP_ACCEPT, GROUP_DECLINE, GROUP_INFO, GROUP_LIST,
            KEYS_UPLOAD, KEYS_FETCH, KEYS_COUNT, LINK_REQUEST, DEVICE_LIST, DEVICE_LIST_UPDATE, MEDIA_UPLOAD,
            MEDIA_DOWNLOAD, REGISTER_PUSH, PUSH, RELAY, CELL_CALL);

    /**
     * Every configuration key through which some function may find a resource ({@link FunctionDef#resourceVariables()}
     * of any access to any resource): a function is given those of its own only.
     */
    public static final Set<String> RESOURCE_VARIABLES = resourceVariables();

    private FunctionCatalog() {
    }

    private static Set<String> resourceVariables() {
        List<Access> every = new ArrayList<>(List.of(new Access.ManageConnections()));
        Resources.QUEUES.forEach(q -> every.add(new Access.SendToQueue(q)));
        Resources.TOPICS.forEach(t -> every.add(new Access.PublishToTopic(t)));
        Resources.BUCKETS.forEach(b -> every.add(new Access.Bucket(b, false)));
        Set<String> keys = new TreeSet<>(Trigger.Authorizer.VARIABLES);
        keys.addAll(Trigger.Topic.VARIABLES);
        every.forEach(a -> keys.addAll(a.variables()));
        return Collections.unmodifiableSet(keys);
    }

    public static Optional<FunctionDef> byName(String name) {
        return ALL.stream().filter(f -> f.name().equals(name)).findFirst();
    }

    private static FunctionDef route(String name, String handler, String routeKey, boolean returnResponse,
                                     Access... access) {
        return route(name, handler, Artifact.CORE, routeKey, returnResponse, access);
    }

    /**
     * A route function. A two-way route also reads the devices table: its gate admits only linked devices
     * ({@code LinkedDeviceGuard}) before the route's limit.
     */
    private static FunctionDef route(String name, String handler, Artifact artifact, String routeKey,
                                     boolean returnResponse, Access... access) {
        List<Access> grants = new ArrayList<>(List.of(access));
        if (returnResponse && !name.equals("default") && grants.stream().noneMatch(
                a -> a instanceof Access.Table t && t.table().equals(DEVICES))) {
            grants.add(ro(DEVICES));
        }
        return new FunctionDef(name, PKG + handler, artifact, 1024, WS_TIMEOUT,
                new Trigger.Route(routeKey, returnResponse), List.copyOf(grants));
    }

    /** A device linking route: one handler class, like the group changes. */
    private static FunctionDef deviceList(String routeKey) {
        return route(routeKey, "devices.DeviceListHandler", routeKey, true, rw(DEVICES), rw(DEVICE_KEYS),
                rw(ONE_TIME_EC_PREKEYS), rw(ONE_TIME_KEM_PREKEYS), rw(PUSH_TOKENS), rw(INBOX), rw(CONNECTIONS),
                manage(), ro(CONTACTS), ro(GROUP_MEMBERS), new Access.SendToQueue(Resources.FANOUT),
                rw(RATE_LIMITS), rw(DIRECTORY), new Access.SendToQueue(Resources.RELAY));
    }

    /**
     * A group membership change: the group and member rows, the users' group counts, invitations and operation
     * records, the change's system message (seq, message row, inbox rows, fan-out job), the members' devices, the
     * added users' settings (presence rows) and contacts, and the change rate limits.
     */
    private static FunctionDef groupChange(String routeKey) {
        return new FunctionDef(routeKey, PKG + GROUP_HANDLER, Artifact.CORE, 1024, GROUP_CHANGE_TIMEOUT,
                new Trigger.Route(routeKey, true), List.of(rw(GROUPS), rw(GROUP_MEMBERS), rw(GROUP_USERS), rw(CHATS),
                rw(MESSAGES), rw(INBOX), ro(DEVICES), rw(RECEIPTS), rw(CONNECTIONS), ro(PRESENCE), ro(CONTACTS),
                rw(RATE_LIMITS), manage(), ro(DIRECTORY), new Access.SendToQueue(Resources.RELAY),
                new Access.SendToQueue(Resources.FANOUT), new Access.PublishToTopic(Resources.PUSH_REQUESTS)));
    }

    /** Every grant of these functions, a table granted once (writable when any of them writes it). */
    private static List<Access> union(FunctionDef... functions) {
        Map<TableDef, Boolean> tables = new LinkedHashMap<>();
        Set<Access> others = new LinkedHashSet<>();
        for (FunctionDef f : functions) {
            for (Access a : f.access()) {
                if (a instanceof Access.Table t) {
                    tables.merge(t.table(), t.write(), Boolean::logicalOr);
                } else {
                    others.add(a);
                }
            }
        }
        List<Access> all = new ArrayList<>();
        tables.forEach((table, write) -> all.add(new Access.Table(table, write)));
        all.addAll(others);
        return List.copyOf(all);
    }

    private static Access rw(TableDef table) {
        return new Access.Table(table, true);
    }

    private static Access ro(TableDef table) {
        return new Access.Table(table, false);
    }

    private static Access manage() {
        return new Access.ManageConnections();
    }
}

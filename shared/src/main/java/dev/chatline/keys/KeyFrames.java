package dev.chatline.keys;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chatline.protocol.Json;
import java.util.Base64;
import java.util.List;

/** Builds the server frames of the key service: {@code keysUploaded}, {@code keyBundles}, {@code keysCount}. */
public final class KeyFrames {
    private KeyFrames() {
    }

    /** {@code {"type","requestId"?,"preKeys":N,"kyberPreKeys":M}} with type keysUploaded or keysCount. */
    public static String counts(String type, String requestId, KeyCounts counts) {
        ObjectNode n = head(type, requestId);
        n.put("preKeys", counts.preKeys());
        n.put("kyberPreKeys", counts.kyberPreKeys());
        return Json.write(n);
    }

    /** {@code {"type":"keyBundles","requestId"?,"userId","devices":[...]}} (docs/protocol.md). */
    public static String bundles(String requestId, String userId, KeysService.Bundles fetched) {
        List<KeyBundle> bundles = fetched.bundles();
        ObjectNode n = head("keyBundles", requestId);
        n.put("userId", userId);
        fetched.account().ifPresent(a -> n.set("deviceList", signedList(a)));
        ArrayNode devices = n.putArray("devices");
        for (KeyBundle b : bundles) {
            ObjectNode d = devices.addObject();
            d.put("deviceId", b.device().deviceId());
            d.put("registrationId", b.device().registrationId());
            d.put("identityKey", Base64.getEncoder().encodeToString(b.device().identityKey()));
            d.set("signedPreKey", key(b.device().signedPreKey()));
            b.preKey().ifPresent(k -> d.set("preKey", key(k)));
            d.set("kyberPreKey", key(b.kyberPreKey()));
        }
        return Json.write(n);
    }

    /** {@code {"accountKey","list","signature","version"}}: the signed device list, all base64 but the version. */
    public static ObjectNode signedList(dev.chatline.connection.DeviceAccount.Account a) {
        ObjectNode n = Json.object();
        Base64.Encoder b64 = Base64.getEncoder();
        n.put("accountKey", b64.encodeToString(a.accountKey()));
        n.put("version", a.version());
        n.put("list", b64.encodeToString(a.list()));
        n.put("signature", b64.encodeToString(a.signature()));
        return n;
    }

    private static ObjectNode key(PreKey k) {
        ObjectNode n = Json.object();
        n.put("keyId", k.keyId());
        n.put("publicKey", k.publicKeyBase64());
        if (k.signature() != null) {
            n.put("signature", k.signatureBase64());
        }
        return n;
    }

    private static ObjectNode head(String type, String requestId) {
        ObjectNode n = Json.object();
        n.put("type", type);
        if (requestId != null) {
            n.put("requestId", requestId);
        }
        return n;
    }
}

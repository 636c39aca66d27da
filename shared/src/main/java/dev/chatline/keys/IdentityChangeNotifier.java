package dev.chatline.keys;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chatline.connection.DeviceStore;
import dev.chatline.contacts.Contacts;
import dev.chatline.messaging.Digests;
import dev.chatline.messaging.FanoutJob;
import dev.chatline.messaging.FanoutQueue;
import dev.chatline.protocol.Identity;
import dev.chatline.protocol.Json;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells a user's contacts (and the user's other devices) that one of the user's devices has a new identity key:
 * {@code {"type":"identityChanged","userId","deviceId","ts"}}, delivered like receipt events (posted live, stored as
 * an inbox event for offline devices and sent on {@code sync}). Targets go out in jobs of at most
 * {@value #TARGETS_PER_JOB} devices, so a job stays far below SQS's 256 KB.
 */
public final class IdentityChangeNotifier {
    static final int TARGETS_PER_JOB = 500;
    private static final Logger LOG = LoggerFactory.getLogger(IdentityChangeNotifier.class);

    private final Contacts contacts;
    private final DeviceStore devices;
    private final FanoutQueue queue;

    public IdentityChangeNotifier(Contacts contacts, DeviceStore devices, FanoutQueue queue) {
        this.contacts = contacts;
        this.devices = devices;
        this.queue = queue;
    }

    public void identityChanged(Identity device, byte[] newIdentityKey, long now) {
        List<FanoutJob.Target> targets = new ArrayList<>();
        devices.deviceIds(device.userId()).stream().filter(d -> !d.equals(device.deviceId()))
                .forEach(d -> targets.add(new FanoutJob.Target(device.userId(), d)));
        for (String contact : contacts.of(device.userId())) {
            devices.deviceIds(contact).forEach(d -> targets.add(new FanoutJob.Target(contact, d)));
        }
        ObjectNode frame = Json.object();
        frame.put("type", "identityChanged");
        frame.put("userId", device.userId());
        frame.put("deviceId", device.deviceId());
        frame.put("ts", now);
        // deterministic per (device, new identity key): a re-enqueued job is deduplicated
        String base = Digests.sha256Hex("identityChanged|" + device.deviceKey() + "|"
                + Base64.getEncoder().encodeToString(newIdentityKey));
        for (int from = 0, part = 0; from < targets.size(); from += TARGETS_PER_JOB, part++) {
            List<FanoutJob.Target> chunk = targets.subList(from, Math.min(targets.size(), from + TARGETS_PER_JOB));
            queue.enqueue(new FanoutJob(FanoutJob.EVENT, "identity:" + device.userId(), base + "-" + part, 0,
                    device.userId(), frame, chunk));
        }
        LOG.info("identity of a device changed: notifying {} devices", targets.size());
    }
}

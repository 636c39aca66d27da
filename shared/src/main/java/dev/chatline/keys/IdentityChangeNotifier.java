package dev.chatline.keys;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chatline.auth.Identity;
import dev.chatline.connection.DeviceDirectory;
import dev.chatline.contacts.Contacts;
import dev.chatline.fanout.EventRelay;
import dev.chatline.fanout.FanoutJob;
import dev.chatline.fanout.FanoutQueue;
import dev.chatline.messaging.Digests;
import dev.chatline.presence.BoundedParallel;
import dev.chatline.protocol.KeysFrames;
import dev.chatline.protocol.ProtocolJson;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells a user's contacts and group co-members (and the user's other devices) about a change of the user's keys:
 * {@code identityChanged} (one device has a new identity key) or {@code devicesChanged} (a new signed device list:
 * a device linked or unlinked, or a new account identity). Delivered like receipt events (posted live, stored as an
 * inbox event for offline devices and sent on {@code sync}). The linked devices of the contacts are read
 * concurrently ({@link BoundedParallel}), so 2,000 contacts take about 2,000 / 16 Query round trips. Targets go out
 * in jobs of at most {@value #TARGETS_PER_JOB} devices, so a job stays far below SQS's 256 KB; the jobs' ids are
 * deterministic, so announcing the same change again (a retry) is deduplicated by the queue within its 5 minutes.
 * In a cell, contacts homed in other cells are reached through their cells' relay queues ({@link EventRelay}: one
 * job per cell and part, the same ids), their linked devices read from the directory's device summaries.
 */
public final class IdentityChangeNotifier {
    static final int TARGETS_PER_JOB = 500;
    private static final Logger LOG = LoggerFactory.getLogger(IdentityChangeNotifier.class);

    private final Contacts contacts;
    private final DeviceDirectory.Source devices;
    private final FanoutQueue queue;
    private final EventRelay relay;
    private final BoundedParallel parallel;

    /**
     * @param devices linked device ids, wherever the user lives (the devices table; in a cell the directory for
     *                users of other cells)
     * @param relay where the targets of other cells go ({@link EventRelay#NONE} in a single cell)
     */
    public IdentityChangeNotifier(Contacts contacts, DeviceDirectory.Source devices, FanoutQueue queue,
                                  EventRelay relay, BoundedParallel parallel) {
        this.contacts = contacts;
        this.devices = devices;
        this.queue = queue;
        this.relay = relay;
        this.parallel = parallel;
    }

    public void identityChanged(Identity device, byte[] newIdentityKey, long now) {
        ObjectNode frame = ProtocolJson.tree(new KeysFrames.IdentityChanged(device.userId(), device.deviceId(), now),
                null);
        // deterministic per (device, new identity key): a re-enqueued job is deduplicated
        announce(device, frame, "identityChanged|" + device.device().key() + "|"
                + Base64.getEncoder().encodeToString(newIdentityKey));
    }

    /**
     * Sends {@code frame} to every linked device of the user's contacts and to the user's other linked devices.
     *
     * @param changeKey identifies the change: the same change announced again yields the same job ids
     */
    public void announce(Identity device, ObjectNode frame, String changeKey) {
        List<FanoutJob.Target> targets = new ArrayList<>();
        devices.deviceIds(device.userId()).stream().filter(d -> !d.equals(device.deviceId()))
                .forEach(d -> targets.add(new FanoutJob.Target(device.userId(), d)));
        List<String> others = List.copyOf(contacts.of(device.userId()));
        List<List<String>> theirDevices = parallel.map(others, devices::deviceIds);
        for (int i = 0; i < others.size(); i++) {
            String contact = others.get(i);
            theirDevices.get(i).forEach(d -> targets.add(new FanoutJob.Target(contact, d)));
        }
        String base = Digests.sha256Hex(changeKey);
        for (int from = 0, part = 0; from < targets.size(); from += TARGETS_PER_JOB, part++) {
            List<FanoutJob.Target> chunk = targets.subList(from, Math.min(targets.size(), from + TARGETS_PER_JOB));
            FanoutJob job = new FanoutJob(FanoutJob.EVENT, "identity:" + device.userId(), base + "-" + part, 0,
                    device.userId(), frame, chunk);
            List<FanoutJob.Target> local = relay.relayRemote(job);
            if (!local.isEmpty()) {
                queue.enqueue(new FanoutJob(job.kind(), job.chatId(), job.eventId(), 0, job.senderUserId(), frame,
                        local));
            }
        }
        LOG.info("{}: notifying {} devices", frame.path("type").asText(), targets.size());
    }
}

package dev.chatline.cells;

import java.util.List;
import java.util.Map;

/**
 * What another cell needs of a user's devices to send to them (docs/scaling.md, "What the cross-cell path has to
 * answer"): the linked device ids (in list order), their registration ids (devices that uploaded keys) and the
 * summary's version. Written into the directory by the user's home cell whenever it sees the devices change; a
 * newer version always wins, so a late write of an older summary changes nothing (of two with the same
 * version, the later write).
 *
 * <p>A stale summary only ever makes a send fail with {@code DEVICE_MISMATCH} or {@code STALE_DEVICES} (which
 * clients retry after re-reading) or miss a device registered in the last moments (it still gets the message from
 * {@code history}), exactly like the home cell's own cached device lists.
 *
 * @param version increasing per user: the epoch ms at which the home cell read the devices it summarises
 */
public record DeviceSummary(List<String> deviceIds, Map<String, Integer> registrationIds, long version) {
    public DeviceSummary {
        deviceIds = List.copyOf(deviceIds);
        registrationIds = Map.copyOf(registrationIds);
    }

    public static final DeviceSummary NONE = new DeviceSummary(List.of(), Map.of(), 0);
}

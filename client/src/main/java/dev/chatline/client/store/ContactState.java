package dev.chatline.client.store;

import java.util.TreeMap;
import java.util.TreeSet;

/** {@code contacts.json}: what this device knows about other devices (not secret, but local). */
public final class ContactState {
    /** userId → the device ids the server last confirmed for that user (envelopes go to exactly these). */
    public TreeMap<String, TreeSet<String>> devices = new TreeMap<>();
    /** groupId → device address names that got this device's sender key for the group. */
    public TreeMap<String, TreeSet<String>> senderKeySentTo = new TreeMap<>();
    /** userId → the account identity key (base64) pinned for that user: its device lists must verify with it. */
    public TreeMap<String, String> accountKeys = new TreeMap<>();
    /** userId → the newest device list version seen (an older list is refused). */
    public TreeMap<String, Long> listVersions = new TreeMap<>();
    /** Users whose device list changed since it was last read (a {@code devicesChanged} event). */
    public TreeSet<String> staleDevices = new TreeSet<>();
    /** groupId → generation of this device's sender key (a new one after a member left). */
    public TreeMap<String, Integer> senderKeyGeneration = new TreeMap<>();
}

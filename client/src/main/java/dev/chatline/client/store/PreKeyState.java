package dev.chatline.client.store;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.TreeMap;

/** {@code prekeys.json}: this device's prekey records (private parts included), by key id, base64. */
public final class PreKeyState {
    public TreeMap<Integer, String> preKeys = new TreeMap<>();
    public TreeMap<Integer, String> signedPreKeys = new TreeMap<>();
    public TreeMap<Integer, String> kyberPreKeys = new TreeMap<>();
    /** Kyber key ids that are last-resort keys: kept after use, but one base key may use them only once. */
    public Set<Integer> lastResortKyberIds = new LinkedHashSet<>();
    /** "kyberId:signedPreKeyId:baseKey(b64)" of every session set up with a last-resort Kyber key. */
    public Set<String> usedLastResortBaseKeys = new LinkedHashSet<>();
}

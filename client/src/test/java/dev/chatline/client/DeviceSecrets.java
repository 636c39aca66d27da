package dev.chatline.client;

import dev.chatline.client.store.DeviceStore;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.signal.libsignal.protocol.message.SenderKeyDistributionMessage;
import org.signal.libsignal.protocol.state.KyberPreKeyRecord;
import org.signal.libsignal.protocol.state.SignedPreKeyRecord;

/** The secrets one device holds, by name, for tests that search the backend for them (none may be there). */
final class DeviceSecrets {
    private DeviceSecrets() {
    }

    /**
     * The identity private key, every signed, one-time EC and Kyber private prekey still in the store (a 64-byte
     * slice of each Kyber secret key: 3,168 bytes do not need to be searched whole), and the chain key of this
     * device's sender key for each group and generation given.
     */
    static Map<String, byte[]> of(TestDevice device, Map<String, Integer> groupGenerations) throws Exception {
        DeviceStore store = device.context().store;
        Map<String, byte[]> out = new LinkedHashMap<>();
        String who = device.address + " ";
        out.put(who + "identity private key", store.getIdentityKeyPair().getPrivateKey().serialize());
        for (SignedPreKeyRecord r : store.loadSignedPreKeys()) {
            out.put(who + "signed prekey " + r.getId(), r.getKeyPair().getPrivateKey().serialize());
        }
        for (int id : store.prekeys().oneTimePreKeyIds().get(0)) {
            out.put(who + "one-time prekey " + id, store.loadPreKey(id).getKeyPair().getPrivateKey().serialize());
        }
        for (KyberPreKeyRecord r : store.loadKyberPreKeys()) {
            byte[] secret = r.getKeyPair().getSecretKey().serialize();
            out.put(who + "Kyber prekey " + r.getId(), Arrays.copyOfRange(secret, 1000, 1064));
        }
        DeviceContext ctx = device.context();
        for (Map.Entry<String, Integer> g : groupGenerations.entrySet()) {
            for (int gen = 0; gen <= g.getValue(); gen++) {
                int generation = gen;
                byte[] grant = ctx.locked(() -> ctx.senderKeys.grant(g.getKey(), generation).distributionMessage());
                out.put(who + "sender key chain key " + g.getKey() + "/" + gen,
                        new SenderKeyDistributionMessage(grant).getChainKey());
            }
        }
        return out;
    }
}

package dev.chatline.local.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chatline.local.e2e.Frames;
import dev.chatline.testing.TestKeys;

/**
 * A key fetch: a fetcher asks for the bundle of a fresh owner holding {@value #ONE_TIME_KEYS} one-time keys of each
 * kind, retrying until it gets a bundle. Afterwards a second fetch must hand out another one-time key (a key is never
 * handed out twice). A killed fetch may have taken a key that never reached anyone: reported as a note, not a
 * failure (the owner replenishes; Signal accepts the same).
 */
final class KeyFetchScenario implements FaultScenario {
    static final int ONE_TIME_KEYS = 3;
    private final Harness harness;
    private Peer fetcher;
    private Peer owner;
    private ClientRetry.Outcome fetched;

    KeyFetchScenario(Harness harness) {
        this.harness = harness;
    }

    @Override
    public String name() {
        return "key fetch";
    }

    @Override
    public String handler() {
        return "KeysFetchHandler";
    }

    @Override
    public void prepare() throws Exception {
        if (fetcher == null) {
            fetcher = harness.connect(harness.user("fetcher"), "phone");
        }
        if (owner != null) {
            owner.close();
        }
        owner = harness.connect(harness.user("owner"), "phone");
        JsonNode uploaded = owner.request(TestKeys.upload(TestKeys.ecKey(), 1, ONE_TIME_KEYS), Harness.TIMEOUT);
        if (uploaded == null || !Frames.isType(uploaded, "keysUploaded")) {
            throw new IllegalStateException("keysUpload failed: " + uploaded);
        }
        harness.awaitQuiet();
    }

    @Override
    public void operate() throws Exception {
        fetched = fetch();
    }

    private ClientRetry.Outcome fetch() throws InterruptedException {
        return ClientRetry.until(fetcher, () -> Frames.keysFetch(owner.userId),
                ClientRetry.type("keyBundles"), handler());
    }

    @Override
    public Verdict verify() throws Exception {
        Verdict verdict = new Verdict().check(fetched.ok(), "the fetcher never got a bundle: " + fetched);
        if (!fetched.ok()) {
            return verdict;
        }
        JsonNode first = fetched.reply().path("devices").path(0);
        verdict.check(first.has("preKey"), "the bundle has no one-time key: " + first);
        JsonNode count = owner.request(Frames.keysCount(), Harness.TIMEOUT);
        int consumed = ONE_TIME_KEYS - count.path("preKeys").asInt();
        if (consumed > 1) {
            verdict.note((consumed - 1) + " one-time key(s) taken by a fetch that never answered");
        }
        ClientRetry.Outcome again = fetch();
        JsonNode second = again.ok() ? again.reply().path("devices").path(0) : null;
        verdict.check(second != null, "the second fetch failed: " + again);
        if (second != null && second.has("preKey")) {
            verdict.check(second.path("preKey").path("keyId").asInt() != first.path("preKey").path("keyId").asInt(),
                    "one-time key " + first.path("preKey").path("keyId") + " handed out twice");
        }
        return verdict;
    }

    @Override
    public void close() {
        if (fetcher != null) {
            fetcher.close();
        }
        if (owner != null) {
            owner.close();
        }
    }
}

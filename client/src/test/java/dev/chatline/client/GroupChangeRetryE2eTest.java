package dev.chatline.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.chatline.protocol.ChatFrames;
import dev.chatline.protocol.GroupActions;
import dev.chatline.protocol.MembershipFrames;
import dev.chatline.local.testing.LocalRuntimeExtension;
import dev.chatline.local.faults.PostFaults;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A group change whose function dies after committing, before its system message reached anyone: API Gateway
 * answers {@code Internal server error}, the client repeats the change with the same {@code opId}, and the server
 * answers the first outcome (one group, not two) and delivers the message it had not delivered.
 */
class GroupChangeRetryE2eTest {
    @RegisterExtension
    static final LocalRuntimeExtension RUNTIME = new LocalRuntimeExtension();

    @RegisterExtension
    final TestDevices devices = new TestDevices(RUNTIME);

    @AfterEach
    void clearFaults() {
        PostFaults.clear();
    }

    @Test
    void aCreationWhoseFunctionDiedAfterTheCommitIsRepeatedOnceAndReachesTheMembers() {
        TestDevice alice = devices.connect("alice", "phone");
        TestDevice bob = devices.connect("bob", "phone");
        String name = "retry club " + System.nanoTime();
        PostFaults.crash(name); // the post of the "created" message to bob kills the function

        String groupId = alice.client.createGroup(name, List.of("bob"));

        assertThat(PostFaults.pending()).as("the crash was injected").isZero();
        await().atMost(TestDevice.TIMEOUT).until(() -> systemMessages(bob, groupId).size() == 1);
        assertThat(systemMessages(bob, groupId).get(0).body()).contains("\"created\"");
        List<String> named = new ArrayList<>();
        alice.client.call(new GroupActions.GroupList(null, null), MembershipFrames.GroupList.class).groups()
                .forEach(g -> {
                    if (name.equals(g.name())) {
                        named.add(g.groupId());
                    }
                });
        assertThat(named).as("groups named '%s'", name).containsExactly(groupId);
    }

    private static List<ChatFrames.Message> systemMessages(TestDevice device, String groupId) {
        return device.events.otherFrames.stream().filter(ChatFrames.Message.class::isInstance)
                .map(ChatFrames.Message.class::cast).filter(m -> ("g:" + groupId).equals(m.chatId()))
                .filter(m -> "chatline/system".equals(m.contentType())).toList();
    }
}

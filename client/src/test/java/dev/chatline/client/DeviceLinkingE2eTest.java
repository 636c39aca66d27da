package dev.chatline.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.chatline.auth.DeviceRef;
import dev.chatline.client.devices.DeviceInfo;
import dev.chatline.client.devices.LinkCode;
import dev.chatline.client.devices.UntrustedDeviceException;
import dev.chatline.client.transport.ServerErrorException;
import dev.chatline.connection.DeviceAccountStore;
import dev.chatline.inbox.InboxStore;
import dev.chatline.keys.DeviceKeysStore;
import dev.chatline.local.testing.LocalRuntimeExtension;
import dev.chatline.protocol.ClientMessage;
import dev.chatline.protocol.GroupActions;
import dev.chatline.push.PushTokenStore;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Account identity and device linking through the real local runtime: the first device creates the account, a new
 * device gets nothing until a linked device approves its code, any linked device lists and unlinks devices, and an
 * unlinked device loses its keys, push token, pending messages and connection.
 */
class DeviceLinkingE2eTest {
    @RegisterExtension
    static final LocalRuntimeExtension RUNTIME = new LocalRuntimeExtension();
    private static int users;

    @RegisterExtension
    final TestDevices devices = new TestDevices(RUNTIME);

    private static String user(String name) {
        return name + "-link-" + (++users);
    }

    private static String code(ServerErrorException e) {
        return e.code();
    }

    @Test
    void aNewDeviceGetsNothingUntilALinkedDeviceApprovesItsCode() {
        String alice = user("alice");
        String bob = user("bob");
        TestDevice phone = devices.connect(alice, "phone");
        assertThat(phone.client.isLinked()).isTrue(); // the first device created the account
        TestDevice bobPhone = devices.connect(bob, "phone");
        TestDevice laptop = devices.connectUnlinked(alice, "laptop");
        assertThat(laptop.client.isLinked()).isFalse();

        // unlinked: no sending, no sync, no push registration; not in anyone's device set
        for (ClientMessage frame : List.of(new ClientMessage.Sync(null), new GroupActions.GroupList(null, null),
                new ClientMessage.RegisterPush("android", "fcm-token-laptop"))) {
            assertThatThrownBy(() -> laptop.client.call(frame)).as(frame.action())
                    .isInstanceOfSatisfying(ServerErrorException.class, e -> assertThat(code(e)).isEqualTo("NOT_LINKED"));
        }
        assertThatThrownBy(() -> laptop.client.sendText(bob, "from an unlinked device"))
                .isInstanceOfSatisfying(ServerErrorException.class, e -> assertThat(code(e)).isEqualTo("NOT_LINKED"));
        bobPhone.client.sendText(alice, "before linking");
        phone.awaitText("before linking");
        assertThat(new DeviceAccountStore(RUNTIME.awsClients().dynamoDb(), RUNTIME.awsClients().config(),
                java.time.Clock.systemUTC()).deviceIds(alice)).containsExactly("phone");

        LinkCode shown = laptop.client.requestLink("Laptop");
        assertThat(shown.display()).matches("[0-9A-Z]{8}-\\d{4}-\\d{4}-\\d{4}");
        phone.client.approveLink(shown.display());
        await().atMost(TestDevice.TIMEOUT).until(() -> laptop.events.linked.get() == 1);
        assertThat(laptop.client.isLinked()).isTrue();
        assertThat(laptop.client.devices()).extracting(DeviceInfo::deviceId, DeviceInfo::linked, DeviceInfo::name)
                .contains(org.assertj.core.groups.Tuple.tuple("laptop", true, "Laptop"),
                        org.assertj.core.groups.Tuple.tuple("phone", true, "phone"));

        // bob's client learns of the new list from the server's announcement and reads it before its next send
        await().atMost(TestDevice.TIMEOUT).until(() -> bobPhone.events.devicesChanged.contains(alice));
        bobPhone.client.sendText(alice, "after linking");
        phone.awaitText("after linking");
        laptop.awaitText("after linking");
        laptop.client.sendText(bob, "from the laptop");
        bobPhone.awaitText("from the laptop");
        assertThat(laptop.events.texts()).doesNotContain("before linking");

        // the code was single use
        assertThatThrownBy(() -> phone.client.approveLink(shown.display())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aCodeWhoseFingerprintDoesNotMatchTheKeyTheServerReturnsIsNotApproved() {
        String alice = user("alice");
        TestDevice phone = devices.connect(alice, "phone");
        TestDevice laptop = devices.connectUnlinked(alice, "laptop");
        LinkCode shown = laptop.client.requestLink("Laptop");
        String tampered = shown.code() + "-0000-0000-0000";

        assertThatThrownBy(() -> phone.client.approveLink(tampered)).isInstanceOf(UntrustedDeviceException.class);
        assertThat(laptop.client.isLinked()).isFalse();
        assertThat(phone.client.devices()).filteredOn(DeviceInfo::linked).extracting(DeviceInfo::deviceId)
                .containsExactly("phone");
    }

    @Test
    void anyLinkedDeviceUnlinksAnotherWhichLosesItsKeysPushTokenInboxAndConnection() throws Exception {
        String alice = user("alice");
        String bob = user("bob");
        TestDevice phone = devices.connect(alice, "phone");
        TestDevice laptop = devices.connect(alice, "laptop"); // linked through the phone
        TestDevice bobPhone = devices.connect(bob, "phone");
        phone.client.call(new ClientMessage.RegisterPush("android", "fcm-token-phone"));
        devices.close(phone); // offline: bob's next message waits in its inbox
        bobPhone.client.sendText(alice, "waiting for the phone");
        laptop.awaitText("waiting for the phone");
        var aws = RUNTIME.awsClients();
        InboxStore inbox = new InboxStore(aws.dynamoDb(), new dev.chatline.aws.DynamoBatch(aws.dynamoDb()),
                aws.config(), java.time.Clock.systemUTC());
        assertThat(inbox.page(new DeviceRef(alice, "phone"), Optional.empty(), 10).entries()).isNotEmpty();

        laptop.client.unlink("phone"); // the laptop holds the account identity too

        assertThat(new DeviceKeysStore(aws.dynamoDb(), aws.config()).get(alice, "phone")).isEmpty();
        assertThat(new PushTokenStore(aws.dynamoDb(), aws.config()).get(alice, "phone")).isEmpty();
        assertThat(inbox.page(new DeviceRef(alice, "phone"), Optional.empty(), 10).entries()).isEmpty();
        assertThat(laptop.client.devices()).extracting(DeviceInfo::deviceId).containsExactly("laptop");
        await().atMost(TestDevice.TIMEOUT).until(() -> bobPhone.events.devicesChanged.contains(alice));

        bobPhone.client.sendText(alice, "only the laptop now");
        laptop.awaitText("only the laptop now");

        // the phone comes back with its old store: not linked, nothing to sync
        TestDevice again = devices.connectUnlinked(alice, "phone");
        assertThat(again.client.isLinked()).isFalse();
        assertThat(again.events.texts()).isEmpty();
    }

    @Test
    void aLinkedDeviceIsToldAndDisconnectedWhenItIsUnlinked() throws Exception {
        String alice = user("alice");
        TestDevice phone = devices.connect(alice, "phone");
        TestDevice laptop = devices.connect(alice, "laptop");
        phone.client.unlink("laptop");
        await().atMost(TestDevice.TIMEOUT).until(() -> laptop.events.unlinked.get() == 1);
        assertThat(laptop.client.isLinked()).isFalse();
    }

    @Test
    void aUserHasAtMostFiveLinkedDevices() {
        String alice = user("alice");
        TestDevice phone = devices.connect(alice, "d1");
        for (int i = 2; i <= 5; i++) {
            devices.connect(alice, "d" + i);
        }
        TestDevice sixth = devices.connectUnlinked(alice, "d6");
        LinkCode shown = sixth.client.requestLink("sixth");
        assertThatThrownBy(() -> phone.client.approveLink(shown.display()))
                .isInstanceOfSatisfying(ServerErrorException.class, e -> {
                    assertThat(code(e)).isEqualTo("TOO_MANY_DEVICES");
                    assertThat(e.getMessage()).contains("at most 5");
                });
        assertThat(sixth.client.isLinked()).isFalse();
    }
}

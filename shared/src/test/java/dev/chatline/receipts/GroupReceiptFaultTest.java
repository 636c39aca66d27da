package dev.chatline.receipts;

/** {@link ReceiptFaultTest}'s scenarios in a group. */
class GroupReceiptFaultTest extends ReceiptFaultTest {
    GroupReceiptFaultTest() {
        super(true);
    }
}

package dev.chatline.receipts;

/** {@link ReceiptFaultTest}'s scenarios in a direct chat. */
class DirectReceiptFaultTest extends ReceiptFaultTest {
    DirectReceiptFaultTest() {
        super(false);
    }
}

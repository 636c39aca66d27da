package dev.chatline.client.receipts;

/**
 * The status of a sent message, which only moves forward: {@code SENT < DELIVERED < READ}. {@code read} implies
 * delivered: a message may go from sent to read without a {@code delivered} event in between.
 */
public enum DeliveryStatus {
    SENT, DELIVERED, READ;

    /** The status of a {@code receipt} event ({@code delivered} or {@code read}); unknown values are null. */
    public static DeliveryStatus fromWire(String status) {
        return switch (status) {
            case "sent" -> SENT;
            case "delivered" -> DELIVERED;
            case "read" -> READ;
            default -> null;
        };
    }
}

package dev.chatline.local.capacity;

/**
 * The traffic to plan for, all deployments together.
 *
 * @param users registered users
 * @param messagesPerDay messages sent per day
 * @param peakToAverage the peak message rate over the day's average (the seed: 3 M/s over 1.2 M/s ≈ 2.5)
 * @param connectedShare the share of users connected at the peak
 * @param connectionMinutes how long a connection lasts on average (API Gateway closes it after 120)
 * @param recipientsPerMessage devices a message is delivered to on average (1 for 1:1 chats with one device; groups
 *                             and linked devices raise it): each delivery costs what a measured 1:1 message costs,
 *                             which overestimates groups (one seq and one transaction serve all their recipients)
 * @param offlineShare the share of deliveries to a device with no connection: each is a push
 * @param headroom factor over the computed peak for every quota request (bursts, failover from another cell)
 */
public record Workload(double users, double messagesPerDay, double peakToAverage, double connectedShare,
                       double connectionMinutes, double recipientsPerMessage, double offlineShare, double headroom) {
    public static final double SECONDS_PER_DAY = 86_400;

    public Workload {
        if (users <= 0 || messagesPerDay <= 0 || peakToAverage < 1 || connectedShare <= 0 || connectedShare > 1
                || connectionMinutes <= 0 || connectionMinutes > 120 || recipientsPerMessage <= 0
                || offlineShare < 0 || offlineShare > 1 || headroom < 1) {
            throw new IllegalArgumentException("workload out of range: users and messages > 0, peak-to-average"
                    + " >= 1, connected share in (0, 1], connection minutes in (0, 120], recipients > 0, offline"
                    + " share in [0, 1], headroom >= 1: " + this);
        }
    }

    /** Messages per second at the peak. */
    public double peakMessagesPerSecond() {
        return messagesPerDay / SECONDS_PER_DAY * peakToAverage;
    }

    /** Deliveries (a message reaching one device, with its receipts) per second at the peak. */
    public double peakDeliveriesPerSecond() {
        return peakMessagesPerSecond() * recipientsPerMessage;
    }

    /** Open connections at the peak. */
    public double peakConnections() {
        return users * connectedShare;
    }

    /** New connections per second at the peak: every connection is replaced when it ends. */
    public double peakConnectsPerSecond() {
        return peakConnections() / (connectionMinutes * 60);
    }
}

package dev.chatline.local.gateway;

/**
 * Where and as what the local WebSocket API listens.
 *
 * @param stage the stage name: the WebSocket URL is {@code ws://host:port/<stage>}
 * @param port the loopback port, 0 for a free one
 * @param region region in the authorizer's {@code methodArn}
 * @param accountId account in the authorizer's {@code methodArn}
 * @param apiId the API id in events and ARNs
 * @param limits the quotas
 */
public record GatewaySettings(String stage, int port, String region, String accountId, String apiId,
                              GatewayLimits limits) {

    public GatewaySettings {
        if (stage == null || stage.isBlank() || stage.contains("/")) {
            throw new IllegalArgumentException("invalid stage " + stage);
        }
    }

    public static GatewaySettings defaults(String stage) {
        return new GatewaySettings(stage, 0, "us-east-1", "000000000000", AwsIds.apiId(), GatewayLimits.aws());
    }

    public GatewaySettings withPort(int newPort) {
        return new GatewaySettings(stage, newPort, region, accountId, apiId, limits);
    }

    public GatewaySettings withLimits(GatewayLimits newLimits) {
        return new GatewaySettings(stage, port, region, accountId, apiId, newLimits);
    }
}

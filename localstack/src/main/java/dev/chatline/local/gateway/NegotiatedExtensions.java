package dev.chatline.local.gateway;

import java.util.ArrayList;
import java.util.List;
import org.eclipse.jetty.websocket.api.ExtensionConfig;
import org.eclipse.jetty.websocket.server.ServerUpgradeResponse;

/**
 * The WebSocket extensions of an accepted handshake, as API Gateway negotiates them: {@code permessage-deflate} when
 * the client offers it (a captured API Gateway handshake answers {@code sec-websocket-extensions:
 * permessage-deflate;server_max_window_bits=12} to a client offering it, see docs/local-development.md), nothing
 * else. Two settings that are not announced make the quotas apply as on AWS to compressed messages: a frame may
 * inflate up to the message quota, and {@link FrameQuotaExtension} checks the frame quota on the frames as sent.
 */
final class NegotiatedExtensions {
    static final String PERMESSAGE_DEFLATE = "permessage-deflate";
    /** Jetty's internal parameter: how far one frame may inflate (default 8 KB, then 1009). */
    private static final String INFLATE_BUFFER_SIZE = "@inflate_buffer_size";

    private NegotiatedExtensions() {
    }

    /** The quota first: Jetty passes incoming frames through the extensions in the order negotiated. */
    static void apply(ServerUpgradeResponse response, GatewayLimits limits) {
        List<ExtensionConfig> extensions = new ArrayList<>();
        ExtensionConfig quota = ExtensionConfig.parse(FrameQuotaExtension.NAME);
        quota.setParameter(FrameQuotaExtension.MAX_BYTES, limits.maxFrameBytes());
        extensions.add(quota);
        for (ExtensionConfig extension : response.getExtensions()) {
            if (PERMESSAGE_DEFLATE.equals(extension.getName())) {
                extension.setParameter(INFLATE_BUFFER_SIZE, limits.maxMessageBytes());
                extensions.add(extension);
            }
        }
        response.setExtensions(extensions);
    }
}

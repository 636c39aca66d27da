package dev.chatline.local.gateway;

import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.websocket.core.AbstractExtension;
import org.eclipse.jetty.websocket.core.ExtensionConfig;
import org.eclipse.jetty.websocket.core.Frame;
import org.eclipse.jetty.websocket.core.WebSocketComponents;
import org.eclipse.jetty.websocket.core.exception.MessageTooLargeException;

/**
 * API Gateway's frame quota on the frames as the client sent them: a frame whose payload on the wire exceeds
 * {@value #MAX_BYTES} bytes closes the connection with 1009. Jetty cannot check that itself once
 * {@code permessage-deflate} is negotiated: its frame size limit then also bounds each frame <em>after</em>
 * inflation, which would refuse a compressed message sent in frames within the quota. So Jetty's own frame limit
 * is set to the message quota, and this internal extension (its name starts with {@code @}: never announced in the
 * handshake) checks the wire frames before the compression extension inflates them.
 */
public final class FrameQuotaExtension extends AbstractExtension {
    static final String NAME = "@chatline-frame-quota";
    /** The extension parameter holding the quota. */
    static final String MAX_BYTES = "max-bytes";

    private int maxBytes;

    @Override
    public void init(ExtensionConfig config, WebSocketComponents components) {
        super.init(config, components);
        maxBytes = config.getParameter(MAX_BYTES, Integer.MAX_VALUE);
    }

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public void onFrame(Frame frame, Callback callback) {
        if (frame.getPayloadLength() > maxBytes) {
            callback.failed(new MessageTooLargeException("frame of " + frame.getPayloadLength()
                    + " bytes over the quota of " + maxBytes));
            return;
        }
        nextIncomingFrame(frame, callback);
    }
}

package dev.chatline.local.testing;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * A bare RFC 6455 client over a plain socket, for what the JDK client cannot do: send one text message as a
 * <em>single</em> frame of any size (the JDK client splits long messages into several frames, so it never exceeds
 * API Gateway's 32 KB frame quota), and offer {@code permessage-deflate} (RFC 7692) as a Node {@code ws} client
 * does, then send compressed messages in frames of a chosen size and read compressed replies.
 */
public final class RawWebSocket implements AutoCloseable {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final byte[] DEFLATE_TAIL = {0, 0, (byte) 0xFF, (byte) 0xFF};
    private static final int TEXT = 0x1;
    private static final int CLOSE = 0x8;
    private static final int RSV1 = 0x40;
    private static final int FIN = 0x80;

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;
    private final Inflater inflater = new Inflater(true);
    private String handshake;

    private RawWebSocket(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new DataInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
    }

    /** Performs the upgrade with {@code ?token=}; fails unless the answer is 101. */
    public static RawWebSocket connect(URI websocketUrl, String token, Duration timeout) throws IOException {
        return connect(websocketUrl, token, timeout, null);
    }

    /** @param extensions the {@code Sec-WebSocket-Extensions} offer, or null for none */
    public static RawWebSocket connect(URI websocketUrl, String token, Duration timeout, String extensions)
            throws IOException {
        Socket socket = new Socket(websocketUrl.getHost(), websocketUrl.getPort());
        socket.setSoTimeout((int) timeout.toMillis());
        RawWebSocket ws = new RawWebSocket(socket);
        byte[] nonce = new byte[16];
        RANDOM.nextBytes(nonce);
        String request = "GET " + websocketUrl.getPath() + "?token=" + URLEncoder.encode(token, StandardCharsets.UTF_8)
                + " HTTP/1.1\r\nHost: " + websocketUrl.getHost() + ":" + websocketUrl.getPort()
                + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: "
                + Base64.getEncoder().encodeToString(nonce)
                + (extensions == null ? "" : "\r\nSec-WebSocket-Extensions: " + extensions) + "\r\n\r\n";
        ws.out.write(request.getBytes(StandardCharsets.US_ASCII));
        ws.out.flush();
        ws.handshake = ws.readHead();
        if (!ws.handshake.startsWith("HTTP/1.1 101")) {
            ws.close();
            throw new IOException("upgrade refused: " + ws.handshake.lines().findFirst().orElse(ws.handshake));
        }
        return ws;
    }

    /** The value of a header of the server's 101 answer, or null. */
    public String handshakeHeader(String name) {
        return handshake.lines().filter(l -> l.regionMatches(true, 0, name + ":", 0, name.length() + 1))
                .map(l -> l.substring(name.length() + 1).strip()).findFirst().orElse(null);
    }

    /** Sends {@code text} as one final, masked text frame. */
    public void sendSingleTextFrame(String text) throws IOException {
        byte[] payload = text.getBytes(StandardCharsets.UTF_8);
        writeFrame(FIN | TEXT, payload, 0, payload.length);
    }

    /**
     * Sends {@code text} compressed (permessage-deflate, no context takeover needed by the server) as a text frame
     * with RSV1 set followed by continuation frames, each carrying at most {@code frameBytes} compressed bytes.
     *
     * @return the number of frames sent
     */
    public int sendCompressed(String text, int frameBytes) throws IOException {
        byte[] compressed = deflate(text.getBytes(StandardCharsets.UTF_8));
        int frames = 0;
        for (int offset = 0; offset < compressed.length || frames == 0; offset += frameBytes, frames++) {
            int length = Math.min(frameBytes, compressed.length - offset);
            boolean last = offset + length >= compressed.length;
            writeFrame((last ? FIN : 0) | (frames == 0 ? RSV1 | TEXT : 0), compressed, offset, length);
        }
        return frames;
    }

    /** Reads frames until the server's close frame and returns its status code (-1 when it has none). */
    public int awaitCloseCode() throws IOException {
        while (true) {
            int opcode = in.readUnsignedByte() & 0x0F;
            byte[] payload = readPayload();
            if (opcode == CLOSE) {
                return payload.length >= 2 ? ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF) : -1;
            }
        }
    }

    /** The next text message from the server: its frames joined, inflated when compressed. */
    public String awaitTextMessage() throws IOException {
        ByteArrayOutputStream message = new ByteArrayOutputStream();
        boolean compressed = false;
        while (true) {
            int head = in.readUnsignedByte();
            int opcode = head & 0x0F;
            byte[] payload = readPayload();
            if (opcode == CLOSE) {
                throw new IOException("closed by the server");
            }
            if (opcode == TEXT) {
                compressed = (head & RSV1) != 0;
                message.reset();
            }
            if (opcode == TEXT || opcode == 0x0) {
                message.write(payload);
                if ((head & FIN) != 0) {
                    byte[] bytes = compressed ? inflate(message.toByteArray()) : message.toByteArray();
                    return new String(bytes, StandardCharsets.UTF_8);
                }
            }
        }
    }

    private void writeFrame(int firstByte, byte[] payload, int offset, int length) throws IOException {
        ByteArrayOutputStream frame = new ByteArrayOutputStream(length + 14);
        frame.write(firstByte);
        if (length < 126) {
            frame.write(0x80 | length);
        } else if (length <= 0xFFFF) {
            frame.write(0x80 | 126);
            frame.write(length >>> 8);
            frame.write(length);
        } else {
            frame.write(0x80 | 127);
            for (int shift = 56; shift >= 0; shift -= 8) {
                frame.write((int) ((long) length >>> shift));
            }
        }
        byte[] mask = new byte[4];
        RANDOM.nextBytes(mask);
        frame.write(mask);
        for (int i = 0; i < length; i++) {
            frame.write(payload[offset + i] ^ mask[i % 4]);
        }
        out.write(frame.toByteArray());
        out.flush();
    }

    /** RFC 7692 §7.2.1: raw DEFLATE, flushed, without the final empty block's 4 bytes. */
    private static byte[] deflate(byte[] data) {
        Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
        deflater.setInput(data);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[64 * 1024];
        int n;
        while ((n = deflater.deflate(buffer, 0, buffer.length, Deflater.SYNC_FLUSH)) > 0) {
            out.write(buffer, 0, n);
        }
        deflater.end();
        byte[] all = out.toByteArray();
        return Arrays.copyOf(all, all.length - DEFLATE_TAIL.length);
    }

    private byte[] inflate(byte[] compressed) throws IOException {
        inflater.setInput(concat(compressed, DEFLATE_TAIL));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[64 * 1024];
        try {
            int n;
            while ((n = inflater.inflate(buffer)) > 0) {
                out.write(buffer, 0, n);
            }
        } catch (DataFormatException e) {
            throw new IOException("bad compressed message", e);
        }
        return out.toByteArray();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] all = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    private byte[] readPayload() throws IOException {
        int len = in.readUnsignedByte() & 0x7F; // server frames are not masked
        long length = len == 126 ? in.readUnsignedShort() : len == 127 ? in.readLong() : len;
        return in.readNBytes((int) length);
    }

    private String readHead() throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
            head.write(in.readUnsignedByte());
        }
        return head.toString(StandardCharsets.US_ASCII);
    }

    @Override
    public void close() throws IOException {
        inflater.end();
        socket.close();
    }
}

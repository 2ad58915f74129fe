package io.wsgate.testing;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A WebSocket spoken by hand over a real socket, for what the JDK client will not do: a close
 * frame without a status code, a chosen Host header, raw frames. Reads block with a timeout.
 */
public final class RawWebSocket implements AutoCloseable {
    /** A frame as read from the server. */
    public record Frame(int opcode, boolean fin, byte[] payload) {
        public String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }

        /** The status code of a close frame, or -1 when it has none. */
        public int closeCode() {
            return payload.length >= 2 ? ((payload[0] & 0xff) << 8) | (payload[1] & 0xff) : -1;
        }
    }

    private final Socket socket;
    private final OutputStream out;
    private final DataInputStream in;
    private final String statusLine;
    private final String head;

    private RawWebSocket(Socket socket, String head, InputStream in) throws IOException {
        this.socket = socket;
        this.out = socket.getOutputStream();
        this.in = new DataInputStream(in);
        this.head = head;
        int end = head.indexOf("\r\n");
        this.statusLine = end < 0 ? head : head.substring(0, end);
    }

    /** Sends an upgrade for {@code path} with the given Host header; check {@link #status()}. */
    public static RawWebSocket open(int port, String host, String path) throws IOException {
        return request(
                port,
                "GET " + path + " HTTP/1.1\r\n"
                        + "Host: " + host + "\r\n"
                        + "Upgrade: websocket\r\n"
                        + "Connection: Upgrade\r\n"
                        + "Sec-WebSocket-Key: " + newKey() + "\r\n"
                        + "Sec-WebSocket-Version: 13\r\n\r\n");
    }

    /**
     * Everything a server sends on {@code in} until it closes the connection (or the socket's
     * timeout, failing): the whole answer to a request that is refused or timed out.
     */
    public static String readAll(InputStream in) throws IOException {
        var out = new ByteArrayOutputStream();
        byte[] buffer = new byte[1024];
        try {
            for (int n; (n = in.read(buffer)) >= 0; ) {
                out.write(buffer, 0, n);
            }
        } catch (SocketException reset) {
            // closed under us: what arrived before is the answer
        }
        return out.toString(StandardCharsets.US_ASCII);
    }

    /** A fresh {@code Sec-WebSocket-Key}: 16 random bytes in base64. */
    public static String newKey() {
        byte[] nonce = new byte[16];
        ThreadLocalRandom.current().nextBytes(nonce);
        return Base64.getEncoder().encodeToString(nonce);
    }

    /** Sends {@code request} as it is (request line, headers, blank line) and reads the response head. */
    public static RawWebSocket request(int port, String request) throws IOException {
        var socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout((int) TestClient.WAIT.toMillis());
        socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
        InputStream in = socket.getInputStream();
        var head = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0) {
            head.write(b);
            String soFar = head.toString(StandardCharsets.US_ASCII);
            if (soFar.endsWith("\r\n\r\n")) {
                break;
            }
        }
        String response = head.toString(StandardCharsets.US_ASCII);
        return new RawWebSocket(socket, response, in);
    }

    /** The HTTP status of the handshake response. */
    public int status() {
        String[] parts = statusLine.split(" ");
        return parts.length > 1 ? Integer.parseInt(parts[1]) : -1;
    }

    /** The value of the response header {@code name} (any case), or null. */
    public String header(String name) {
        for (String line : head.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) {
                return line.substring(colon + 1).trim();
            }
        }
        return null;
    }

    /** The body of a refused handshake: as many bytes as its {@code Content-Length} says. */
    public String body() throws IOException {
        String length = header("Content-Length");
        byte[] body = in.readNBytes(length == null ? 0 : Integer.parseInt(length));
        return new String(body, StandardCharsets.UTF_8);
    }

    public void sendText(String text) throws IOException {
        sendFrame(0x1, true, text.getBytes(StandardCharsets.UTF_8));
    }

    /** Sends a close frame with no status code at all. */
    public void sendEmptyClose() throws IOException {
        sendFrame(0x8, true, new byte[0]);
    }

    /** Sends one masked frame, as a client must. */
    public void sendFrame(int opcode, boolean fin, byte[] payload) throws IOException {
        sendFrame((fin ? 0x80 : 0) | opcode, payload);
    }

    /**
     * Sends one masked frame whose first byte (FIN, RSV1-3, opcode) is {@code firstByte}, whatever
     * it says: reserved bits and opcodes included.
     */
    public void sendFrame(int firstByte, byte[] payload) throws IOException {
        var frame = new ByteArrayOutputStream();
        frame.write(firstByte);
        if (payload.length < 126) {
            frame.write(0x80 | payload.length);
        } else if (payload.length < 65536) {
            frame.write(0x80 | 126);
            frame.write(payload.length >> 8);
            frame.write(payload.length & 0xff);
        } else {
            frame.write(0x80 | 127);
            for (int shift = 56; shift >= 0; shift -= 8) {
                frame.write((int) ((long) payload.length >> shift) & 0xff);
            }
        }
        byte[] mask = new byte[4];
        ThreadLocalRandom.current().nextBytes(mask);
        frame.write(mask);
        for (int i = 0; i < payload.length; i++) {
            frame.write(payload[i] ^ mask[i % 4]);
        }
        out.write(frame.toByteArray());
        out.flush();
    }

    /** Sends a frame without a mask, which only servers may do: a protocol error from a client. */
    public void sendUnmaskedText(String text) throws IOException {
        byte[] payload = text.getBytes(StandardCharsets.UTF_8);
        var frame = new ByteArrayOutputStream();
        frame.write(0x81);
        frame.write(payload.length); // short texts only
        frame.write(payload);
        out.write(frame.toByteArray());
        out.flush();
    }

    /** The next frame the server sends. */
    public Frame readFrame() throws IOException {
        int first = in.readUnsignedByte();
        int second = in.readUnsignedByte();
        long length = second & 0x7f;
        if (length == 126) {
            length = in.readUnsignedShort();
        } else if (length == 127) {
            length = in.readLong();
        }
        byte[] payload = new byte[(int) length];
        in.readFully(payload);
        return new Frame(first & 0x0f, (first & 0x80) != 0, payload);
    }

    /** Writes {@code bytes} as they are. */
    public void sendRaw(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** Reads frames until a close frame comes, and returns it; data frames before it are skipped. */
    public Frame awaitClose() throws IOException {
        while (true) {
            Frame frame = readFrame();
            if (frame.opcode() == 0x8) {
                return frame;
            }
        }
    }

    /**
     * Whether the server closes the TCP connection within {@code wait}, without this side sending
     * anything more (in particular no close frame of its own); what arrives before the end is
     * skipped.
     */
    public boolean serverClosesTcpWithin(java.time.Duration wait) throws IOException {
        socket.setSoTimeout((int) wait.toMillis());
        try {
            while (in.read() >= 0) {
                // skip
            }
            return true;
        } catch (java.net.SocketTimeoutException e) {
            return false;
        } catch (java.net.SocketException e) {
            return true; // reset
        } finally {
            socket.setSoTimeout((int) TestClient.WAIT.toMillis());
        }
    }

    /** Whether the server has closed the TCP connection (reads end of stream). */
    public boolean serverClosedTcp() throws IOException {
        try {
            return in.read() < 0;
        } catch (java.net.SocketException e) {
            return true;
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}

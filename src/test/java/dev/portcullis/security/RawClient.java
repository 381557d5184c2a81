package dev.portcullis.security;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

/**
 * Sends raw bytes to a loopback port, as a hostile client would, and reads what comes
 * back until the server closes the connection or a 5 s read timeout passes.
 */
final class RawClient {

	private static final int TIMEOUT_MS = 5000;

	private RawClient() {
	}

	/** What the client saw: the raw answer, empty when the connection closed silently. */
	record Answer(String text, boolean timedOut) {

		/** The status of the answer, or 0 when none came. */
		int status() {
			if (!this.text.startsWith("HTTP/1.1 ") || this.text.length() < 12) {
				return 0;
			}
			return Integer.parseInt(this.text.substring(9, 12));
		}

		String body() {
			int end = this.text.indexOf("\r\n\r\n");
			return (end < 0) ? "" : this.text.substring(end + 4);
		}

		String headers() {
			int end = this.text.indexOf("\r\n\r\n");
			return (end < 0) ? this.text : this.text.substring(0, end);
		}

	}

	static Answer send(int port, String request) {
		return send(port, request.getBytes(StandardCharsets.ISO_8859_1));
	}

	static Answer send(int port, byte[] request) {
		return send(port, request, "127.0.0.1");
	}

	/**
	 * Sends from another loopback address, such as {@code 127.0.0.2}, as another client.
	 */
	static Answer send(int port, String request, String from) {
		return send(port, request.getBytes(StandardCharsets.ISO_8859_1), from);
	}

	/**
	 * Sends {@code first}, waits {@code pause} (so that the gateway acts on it, for
	 * example forwards the request upstream), then sends {@code second}.
	 */
	static Answer sendInTwoParts(int port, String first, Duration pause, String second) {
		return send(port, first.getBytes(StandardCharsets.ISO_8859_1), "127.0.0.1", pause,
				second.getBytes(StandardCharsets.ISO_8859_1));
	}

	private static Answer send(int port, byte[] request, String from) {
		return send(port, request, from, Duration.ZERO, new byte[0]);
	}

	private static Answer send(int port, byte[] request, String from, Duration pause, byte[] rest) {
		try (Socket socket = new Socket()) {
			socket.bind(new InetSocketAddress(from, 0));
			socket.connect(new InetSocketAddress("127.0.0.1", port), TIMEOUT_MS);
			socket.setSoTimeout(TIMEOUT_MS);
			ByteArrayOutputStream received = new ByteArrayOutputStream();
			boolean timedOut = false;
			try {
				OutputStream out = socket.getOutputStream();
				out.write(request);
				out.flush();
				if (rest.length > 0) {
					// bounded pause between the two parts; not a timing assertion
					LockSupport.parkNanos(pause.toNanos());
					out.write(rest);
					out.flush();
				}
				InputStream in = socket.getInputStream();
				byte[] chunk = new byte[8192];
				for (int n = in.read(chunk); n >= 0; n = in.read(chunk)) {
					received.write(chunk, 0, n);
				}
			}
			catch (SocketTimeoutException ex) {
				timedOut = true;
			}
			catch (SocketException ex) {
				// Reset by the gateway: keep what arrived before it.
			}
			return new Answer(received.toString(StandardCharsets.ISO_8859_1), timedOut);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}

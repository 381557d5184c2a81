package dev.portcullis.tls;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Duration;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * Real TLS clients for the tests: the JDK's HttpClient, a raw {@link SSLSocket} that
 * keeps one HTTP/1.1 connection open, and a hand-made ClientHello for protocol versions
 * the JDK's own client will no longer send.
 */
final class TlsClients {

	// Generous: the first request after start-up warms up TLS, the route and the upstream
	// client,
	// which takes seconds on a loaded machine.
	static final Duration TIMEOUT = Duration.ofSeconds(30);

	private TlsClients() {
	}

	/** A JDK HttpClient that trusts {@code context}'s CA and offers {@code protocols}. */
	static HttpClient http(SSLContext context, HttpClient.Version version, String... protocols) {
		SSLParameters parameters = context.getDefaultSSLParameters();
		if (protocols.length > 0) {
			parameters.setProtocols(protocols);
		}
		return HttpClient.newBuilder()
			.sslContext(context)
			.sslParameters(parameters)
			.version(version)
			.connectTimeout(TIMEOUT)
			.followRedirects(HttpClient.Redirect.NEVER)
			.build();
	}

	static HttpResponse<String> get(HttpClient client, String url) {
		try {
			return client.send(HttpRequest.newBuilder(URI.create(url)).timeout(TIMEOUT).build(),
					HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/** Opens a TLS connection and returns the certificate the server presented. */
	static X509Certificate presentedCertificate(SSLContext context, int port) {
		try (SSLSocket socket = open(context, port)) {
			return (X509Certificate) socket.getSession().getPeerCertificates()[0];
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	static SSLSocket open(SSLContext context, int port) throws IOException {
		SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket();
		socket.connect(new InetSocketAddress("127.0.0.1", port), (int) TIMEOUT.toMillis());
		socket.setSoTimeout((int) TIMEOUT.toMillis());
		socket.startHandshake();
		return socket;
	}

	/**
	 * Sends one HTTP/1.1 GET on an open connection and returns the status line, leaving
	 * the connection open for the next one.
	 */
	static String exchange(Socket socket, String path) throws IOException {
		OutputStream out = socket.getOutputStream();
		out.write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
		out.flush();
		InputStream in = socket.getInputStream();
		String head = readHead(in);
		int contentLength = 0;
		for (String line : head.split("\r\n")) {
			if (line.regionMatches(true, 0, "content-length:", 0, 15)) {
				contentLength = Integer.parseInt(line.substring(15).trim());
			}
		}
		in.readNBytes(contentLength);
		return head.substring(0, head.indexOf("\r\n"));
	}

	private static String readHead(InputStream in) throws IOException {
		ByteArrayOutputStream head = new ByteArrayOutputStream();
		while (head.size() < 65536) {
			int b = in.read();
			if (b < 0) {
				throw new IOException("connection closed after " + head);
			}
			head.write(b);
			byte[] bytes = head.toByteArray();
			int n = bytes.length;
			if (n >= 4 && bytes[n - 4] == '\r' && bytes[n - 3] == '\n' && bytes[n - 2] == '\r'
					&& bytes[n - 1] == '\n') {
				return head.toString(StandardCharsets.ISO_8859_1);
			}
		}
		throw new IOException("response head too long");
	}

	/**
	 * Sends a ClientHello offering exactly one protocol version ({@code 0x0302} for TLS
	 * 1.1, {@code 0x0303} for TLS 1.2) and returns the first byte of the answer: 22 for a
	 * handshake (the server goes on), 21 for an alert, -1 when it closed the connection.
	 */
	static int answerToClientHello(int port, int version) {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("127.0.0.1", port), (int) TIMEOUT.toMillis());
			socket.setSoTimeout((int) TIMEOUT.toMillis());
			socket.getOutputStream().write(clientHello(version));
			socket.getOutputStream().flush();
			return socket.getInputStream().read();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static byte[] clientHello(int version) {
		ByteArrayOutputStream body = new ByteArrayOutputStream();
		short16(body, version);
		body.writeBytes(new byte[32]);
		body.write(0);
		// ECDHE-ECDSA and ECDHE-RSA with AES-GCM (TLS 1.2), and with AES-CBC (TLS 1.1)
		int[] suites = { 0xc02b, 0xc02f, 0xc009, 0xc013 };
		short16(body, suites.length * 2);
		for (int suite : suites) {
			short16(body, suite);
		}
		body.write(1);
		body.write(0);
		ByteArrayOutputStream extensions = new ByteArrayOutputStream();
		// supported_groups: secp256r1
		extension(extensions, 0x000a, new byte[] { 0, 2, 0, 0x17 });
		// ec_point_formats: uncompressed
		extension(extensions, 0x000b, new byte[] { 1, 0 });
		// signature_algorithms: ecdsa_secp256r1_sha256, rsa_pss_rsae_sha256,
		// rsa_pkcs1_sha256
		extension(extensions, 0x000d, new byte[] { 0, 6, 4, 3, 8, 4, 4, 1 });
		short16(body, extensions.size());
		body.writeBytes(extensions.toByteArray());
		ByteArrayOutputStream record = new ByteArrayOutputStream();
		record.write(22);
		short16(record, 0x0301);
		short16(record, body.size() + 4);
		record.write(1);
		record.write(0);
		short16(record, body.size());
		record.writeBytes(body.toByteArray());
		return record.toByteArray();
	}

	private static void extension(ByteArrayOutputStream out, int type, byte[] data) {
		short16(out, type);
		short16(out, data.length);
		out.writeBytes(data);
	}

	private static void short16(ByteArrayOutputStream out, int value) {
		out.write((value >> 8) & 0xff);
		out.write(value & 0xff);
	}

}

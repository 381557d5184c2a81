package dev.portcullis.tls;

import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

import javax.net.ssl.SSLPeerUnverifiedException;

import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslHandler;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.Http11SslContextSpec;
import reactor.netty.http.server.HttpServer;

/**
 * An https upstream on a loopback port with a certificate from the test's own CA. It
 * answers 200 {@code <name> <path>} and remembers the subject of the client certificate
 * the last caller presented, if any.
 */
final class SecureUpstream implements AutoCloseable {

	private final DisposableServer server;

	private final AtomicReference<String> lastClient = new AtomicReference<>("none");

	private SecureUpstream(String name, Path certificate, Path key, TestCertificates.Authority clientCa) {
		Http11SslContextSpec spec = Http11SslContextSpec.forServer(certificate.toFile(), key.toFile())
			.configure((builder) -> builder.trustManager(clientCa.certificate()).clientAuth(ClientAuth.OPTIONAL));
		this.server = HttpServer.create()
			.host("127.0.0.1")
			.port(0)
			.secure((ssl) -> ssl.sslContext(spec))
			.handle((request, response) -> {
				request.withConnection((connection) -> {
					SslHandler ssl = connection.channel().pipeline().get(SslHandler.class);
					try {
						X509Certificate client = (X509Certificate) ssl.engine().getSession().getPeerCertificates()[0];
						this.lastClient.set(client.getSubjectX500Principal().getName());
					}
					catch (SSLPeerUnverifiedException ex) {
						this.lastClient.set("none");
					}
				});
				return response.sendString(Mono.just(name + " " + request.fullPath()));
			})
			.bindNow(Duration.ofSeconds(10));
	}

	/**
	 * Starts an upstream serving {@code issued} that accepts client certificates from
	 * {@code clientCa}.
	 */
	static SecureUpstream start(String name, TestCertificates.Issued issued, Path directory,
			TestCertificates.Authority clientCa) {
		Path certificate = directory.resolve(name + ".crt");
		Path key = directory.resolve(name + ".key");
		issued.write(certificate, key);
		return new SecureUpstream(name, certificate, key, clientCa);
	}

	String url() {
		return "https://127.0.0.1:" + this.server.port();
	}

	/** The subject of the client certificate of the last request, or {@code none}. */
	String lastClient() {
		return this.lastClient.get();
	}

	@Override
	public void close() {
		this.server.disposeNow(Duration.ofSeconds(5));
	}

}

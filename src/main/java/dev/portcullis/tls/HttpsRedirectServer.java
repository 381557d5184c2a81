package dev.portcullis.tls;

import java.net.InetAddress;
import java.time.Duration;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.SmartLifecycle;
import org.springframework.http.client.ReactorResourceFactory;

/**
 * A plain-HTTP listener beside the TLS port that answers every request with
 * {@code 308 Permanent Redirect} to the same URL over https (308 keeps the method and
 * body, unlike 301). It serves nothing else, and it starts and stops with the gateway.
 */
class HttpsRedirectServer implements SmartLifecycle, ApplicationListener<WebServerInitializedEvent> {

	private static final Log logger = LogFactory.getLog(HttpsRedirectServer.class);

	private static final Duration BIND_TIMEOUT = Duration.ofSeconds(10);

	private static final Duration STOP_TIMEOUT = Duration.ofSeconds(5);

	private final @Nullable InetAddress address;

	private final int port;

	private final @Nullable Integer targetPort;

	private final ReactorResourceFactory resources;

	private volatile int tlsPort = -1;

	private volatile @Nullable DisposableServer server;

	HttpsRedirectServer(@Nullable InetAddress address, int port, @Nullable Integer targetPort,
			ReactorResourceFactory resources) {
		this.address = address;
		this.port = port;
		this.targetPort = targetPort;
		this.resources = resources;
	}

	@Override
	public void onApplicationEvent(WebServerInitializedEvent event) {
		if (event.getApplicationContext().getServerNamespace() == null) {
			this.tlsPort = event.getWebServer().getPort();
		}
	}

	@Override
	public void start() {
		HttpServer http = HttpServer.create().runOn(this.resources.getLoopResources()).port(this.port);
		InetAddress address = this.address;
		if (address != null) {
			http = http.host(address.getHostAddress());
		}
		DisposableServer started = http.handle(this::redirect).bindNow(BIND_TIMEOUT);
		this.server = started;
		logger.info("Redirecting plain HTTP on port " + started.port() + " to https");
	}

	private Publisher<Void> redirect(HttpServerRequest request, HttpServerResponse response) {
		int httpsPort = (this.targetPort != null) ? this.targetPort : this.tlsPort;
		String location = HttpsRedirect.location(request.requestHeaders().get(HttpHeaderNames.HOST), request.uri(),
				httpsPort);
		response.header(HttpHeaderNames.CONTENT_LENGTH, "0");
		if (location == null || httpsPort <= 0) {
			return response.status(HttpResponseStatus.BAD_REQUEST)
				.header(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE)
				.send();
		}
		return response.status(HttpResponseStatus.PERMANENT_REDIRECT).header(HttpHeaderNames.LOCATION, location).send();
	}

	@Override
	public void stop() {
		DisposableServer started = this.server;
		if (started != null) {
			started.disposeNow(STOP_TIMEOUT);
			this.server = null;
		}
	}

	@Override
	public boolean isRunning() {
		return this.server != null;
	}

	/** The port the listener is bound to, or -1 while stopped. */
	int port() {
		DisposableServer started = this.server;
		return (started != null) ? started.port() : -1;
	}

}

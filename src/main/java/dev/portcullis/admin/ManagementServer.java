package dev.portcullis.admin;

import java.net.InetSocketAddress;

import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.web.server.ServerWebExchange;

/**
 * Knows the port the management (Actuator) server listens on, once it has started, so
 * that filters can tell an admin request from gateway traffic by the port it arrived on
 * rather than by its path.
 */
public class ManagementServer implements ApplicationListener<WebServerInitializedEvent> {

	private static final String NAMESPACE = "management";

	private volatile int port = -1;

	@Override
	public void onApplicationEvent(WebServerInitializedEvent event) {
		if (NAMESPACE.equals(event.getApplicationContext().getServerNamespace())) {
			this.port = event.getWebServer().getPort();
		}
	}

	/**
	 * Whether management runs on a port of its own (known once that server has started).
	 */
	public boolean isSeparate() {
		return this.port > 0;
	}

	public int port() {
		return this.port;
	}

	/** Whether the exchange arrived on the management port. */
	public boolean receives(ServerWebExchange exchange) {
		InetSocketAddress local = exchange.getRequest().getLocalAddress();
		return this.port > 0 && local != null && local.getPort() == this.port;
	}

}

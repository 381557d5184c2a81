import java.time.Duration;
import java.util.Map;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import reactor.netty.DisposableServer;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.server.HttpServer;
import reactor.netty.resources.ConnectionProvider;

/**
 * A reference point, not a product: the least a reverse proxy on Reactor Netty does (one
 * pooled HTTP client, request and response headers copied without the hop-by-hop ones,
 * X-Forwarded-For, a response timeout), with no Spring at all. It shows what a proxied
 * request costs on the library that Spring Cloud Gateway and Portcullis are built on.
 * Run by hand (bench/README.md, "A Reactor Netty reference"):
 *
 * <pre>
 * java -Dreactor.netty.ioWorkerCount=1 -cp 'BOOT-INF/lib/*' bench/reference/ReactorNettyProxy.java PORT ORIGIN
 * </pre>
 */
public class ReactorNettyProxy {

	private static boolean hopByHop(String name) {
		return name.equalsIgnoreCase("connection") || name.equalsIgnoreCase("keep-alive")
				|| name.equalsIgnoreCase("transfer-encoding") || name.equalsIgnoreCase("upgrade")
				|| name.equalsIgnoreCase("te") || name.equalsIgnoreCase("trailer")
				|| name.equalsIgnoreCase("proxy-connection");
	}

	public static void main(String[] args) {
		int port = Integer.parseInt(args[0]);
		String origin = args[1];
		HttpClient client = HttpClient.create(ConnectionProvider.builder("upstream").maxConnections(500).build())
			.responseTimeout(Duration.ofSeconds(30));
		DisposableServer server = HttpServer.create().host("127.0.0.1").port(port).handle((request, response) -> {
			HttpHeaders upstream = new DefaultHttpHeaders();
			for (Map.Entry<String, String> header : request.requestHeaders()) {
				if (!hopByHop(header.getKey()) && !header.getKey().equalsIgnoreCase("host")) {
					upstream.add(header.getKey(), header.getValue());
				}
			}
			upstream.add("X-Forwarded-For", request.remoteAddress().getAddress().getHostAddress());
			return client.headers((headers) -> headers.set(upstream))
				.request(request.method())
				.uri(origin + request.uri())
				.send(request.receive().retain())
				.response((answer, body) -> {
					response.status(answer.status());
					for (Map.Entry<String, String> header : answer.responseHeaders()) {
						if (!hopByHop(header.getKey())) {
							response.responseHeaders().add(header.getKey(), header.getValue());
						}
					}
					return response.send(body.retain());
				})
				.then();
		}).bindNow();
		System.out.println("listening on 127.0.0.1:" + port + ", proxying to " + origin);
		server.onDispose().block();
	}

}

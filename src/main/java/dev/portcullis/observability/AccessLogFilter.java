package dev.portcullis.observability;

import java.net.URI;
import java.util.concurrent.atomic.AtomicLong;

import dev.portcullis.admin.ManagementServer;
import dev.portcullis.edge.EdgeFilter;
import dev.portcullis.errors.ProblemDetailsHandler;
import dev.portcullis.forwarding.TrustedProxies;
import io.micrometer.tracing.Span;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.SignalType;

import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.http.server.reactive.ServerHttpResponseDecorator;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilterChain;

/**
 * Writes one line per gateway request on the {@code portcullis.access} logger, in logfmt:
 * method, path (without the query, which may carry secrets), status, route id, upstream
 * instance, duration, response bytes, request id and trace id. Failures are rendered
 * here, by the problem handler, so the line carries the status the client got. Requests
 * to the management port are not logged, so health probes do not flood the log.
 */
class AccessLogFilter implements EdgeFilter {

	static final String LOGGER_NAME = "portcullis.access";

	private static final Log accessLog = LogFactory.getLog(LOGGER_NAME);

	/** nginx's status for a request the client gave up on before the response started. */
	private static final int CLIENT_CLOSED_REQUEST = 499;

	private final ProblemDetailsHandler problems;

	private final ManagementServer managementServer;

	private final TrustedProxies trustedProxies;

	AccessLogFilter(ProblemDetailsHandler problems, ManagementServer managementServer, TrustedProxies trustedProxies) {
		this.problems = problems;
		this.managementServer = managementServer;
		this.trustedProxies = trustedProxies;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		if (!accessLog.isInfoEnabled() || this.managementServer.receives(exchange)) {
			return chain.filter(exchange);
		}
		long start = System.nanoTime();
		ByteCountingResponse response = new ByteCountingResponse(exchange.getResponse());
		ServerWebExchange counted = exchange.mutate().response(response).build();
		return chain.filter(counted)
			.onErrorResume((failure) -> this.problems.handle(counted, failure))
			.doFinally((signal) -> log(counted, signal, start, response.bytes()));
	}

	private void log(ServerWebExchange exchange, SignalType signal, long start, long bytes) {
		long micros = (System.nanoTime() - start) / 1000;
		StringBuilder line = new StringBuilder(200);
		line.append("client=").append(orDash(client(exchange)));
		line.append(" method=").append(exchange.getRequest().getMethod().name());
		line.append(" path=").append(exchange.getRequest().getPath().value());
		line.append(" status=").append(status(exchange, signal));
		line.append(" route=").append(routeId(exchange));
		line.append(" upstream=").append(upstream(exchange));
		line.append(" duration_ms=");
		appendMillis(line, micros);
		line.append(" bytes=").append(bytes);
		line.append(" request_id=").append(orDash(exchange.getAttribute(ProblemDetailsHandler.REQUEST_ID_ATTRIBUTE)));
		line.append(" trace_id=").append(orDash(traceId(exchange)));
		accessLog.info(line);
	}

	/**
	 * Milliseconds with three decimals, as {@code String.format("%d.%03d")} would write
	 * them, without parsing a format on every request.
	 */
	static void appendMillis(StringBuilder line, long micros) {
		long fraction = micros % 1000;
		line.append(micros / 1000).append('.');
		if (fraction < 100) {
			line.append('0');
		}
		if (fraction < 10) {
			line.append('0');
		}
		line.append(fraction);
	}

	/**
	 * The real client: the peer, or the first untrusted hop of X-Forwarded-For behind
	 * trusted proxies.
	 */
	private @Nullable String client(ServerWebExchange exchange) {
		return this.trustedProxies.clientAddress(exchange.getRequest());
	}

	private static int status(ServerWebExchange exchange, SignalType signal) {
		ServerHttpResponse response = exchange.getResponse();
		if (signal == SignalType.CANCEL && !response.isCommitted()) {
			return CLIENT_CLOSED_REQUEST;
		}
		HttpStatusCode status = response.getStatusCode();
		return (status != null) ? status.value() : 200;
	}

	private static String routeId(ServerWebExchange exchange) {
		Route route = exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR);
		return (route != null) ? route.getId() : "-";
	}

	private static String upstream(ServerWebExchange exchange) {
		URI target = exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_REQUEST_URL_ATTR);
		if (target == null || target.getHost() == null || "lb".equals(target.getScheme())) {
			return "-";
		}
		return target.getHost() + ":" + target.getPort();
	}

	static @Nullable String traceId(ServerWebExchange exchange) {
		Span span = TraceContextHeadersFilter.serverSpan(exchange);
		return (span != null) ? span.context().traceId() : null;
	}

	private static String orDash(@Nullable Object value) {
		return (value != null) ? value.toString() : "-";
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

	/** Counts the body bytes written to the client. */
	private static final class ByteCountingResponse extends ServerHttpResponseDecorator {

		private final AtomicLong bytes = new AtomicLong();

		ByteCountingResponse(ServerHttpResponse delegate) {
			super(delegate);
		}

		@Override
		public Mono<Void> writeWith(Publisher<? extends DataBuffer> body) {
			return super.writeWith(Flux.from(body).doOnNext(this::count));
		}

		@Override
		public Mono<Void> writeAndFlushWith(Publisher<? extends Publisher<? extends DataBuffer>> body) {
			return super.writeAndFlushWith(Flux.from(body).map((chunk) -> Flux.from(chunk).doOnNext(this::count)));
		}

		private void count(DataBuffer buffer) {
			this.bytes.addAndGet(buffer.readableByteCount());
		}

		long bytes() {
			return this.bytes.get();
		}

	}

}

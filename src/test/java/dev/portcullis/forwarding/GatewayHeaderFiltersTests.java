package dev.portcullis.forwarding;

import org.junit.jupiter.api.Test;

import org.springframework.cloud.gateway.filter.headers.GRPCRequestHeadersFilter;
import org.springframework.cloud.gateway.filter.headers.HttpHeadersFilter;
import org.springframework.cloud.gateway.filter.headers.RemoveForwardedHeadersFilter;
import org.springframework.cloud.gateway.filter.headers.RemoveHopByHopHeadersFilter;
import org.springframework.cloud.gateway.filter.headers.RemoveXForwardedHeadersFilter;
import org.springframework.http.HttpHeaders;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.web.server.ServerWebExchange;

import static org.assertj.core.api.Assertions.assertThat;

class GatewayHeaderFiltersTests {

	private final GatewayHeaderFilters replacer = new GatewayHeaderFilters();

	@Test
	void replacesTheGatewaysFiltersKeepingTheirTypesAndOrders() {
		RemoveHopByHopHeadersFilter configured = new RemoveHopByHopHeadersFilter();
		configured.setOrder(42);
		Object hopByHop = this.replacer.postProcessAfterInitialization(configured, "hop");
		assertThat(hopByHop).isInstanceOf(GatewayHeaderFilters.HopByHop.class);
		assertThat(((RemoveHopByHopHeadersFilter) hopByHop).getOrder()).isEqualTo(42);
		assertThat(this.replacer.postProcessAfterInitialization(new RemoveForwardedHeadersFilter(), "f"))
			.isInstanceOf(RemoveForwardedHeadersFilter.class)
			.isInstanceOf(GatewayHeaderFilters.LeaveForwarded.class);
		assertThat(this.replacer.postProcessAfterInitialization(new RemoveXForwardedHeadersFilter(), "x"))
			.isInstanceOf(GatewayHeaderFilters.LeaveXForwarded.class);
		assertThat(this.replacer.postProcessAfterInitialization(new GRPCRequestHeadersFilter(), "g"))
			.isInstanceOf(GatewayHeaderFilters.TrailersForGrpc.class);
		Object other = new Object();
		assertThat(this.replacer.postProcessAfterInitialization(other, "o")).isSameAs(other);
	}

	@Test
	void hopByHopDropsTheListedHeadersAndThoseNamedByConnectionInAnyCase() {
		RemoveHopByHopHeadersFilter configured = new RemoveHopByHopHeadersFilter();
		HttpHeadersFilter hopByHop = new GatewayHeaderFilters.HopByHop(configured);
		ServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.get("/x")
			.header("Connection", "keep-alive, X-Private-Hop")
			.header("Keep-Alive", "timeout=5")
			.header("TE", "trailers")
			.header("Proxy-Authorization", "Basic eA==")
			.header("x-private-hop", "1")
			.header("Accept", "text/plain")
			.header("X-Kept", "a", "b"));
		HttpHeaders sent = hopByHop.filter(exchange.getRequest().getHeaders(), exchange);
		assertThat(sent.headerNames()).containsExactlyInAnyOrder("Accept", "X-Kept");
		assertThat(sent.get("X-Kept")).containsExactly("a", "b");
		sent.set("X-Added", "1");
		assertThat(exchange.getRequest().getHeaders().containsHeader("X-Added")).isFalse();
	}

	@Test
	void hopByHopUsesTheConfiguredHeaders() {
		RemoveHopByHopHeadersFilter configured = new RemoveHopByHopHeadersFilter();
		configured.setHeaders(java.util.Set.of("X-Internal"));
		HttpHeadersFilter hopByHop = new GatewayHeaderFilters.HopByHop(configured);
		ServerWebExchange exchange = MockServerWebExchange
			.from(MockServerHttpRequest.get("/x").header("x-internal", "1").header("Keep-Alive", "timeout=5"));
		assertThat(hopByHop.filter(exchange.getRequest().getHeaders(), exchange).headerNames())
			.containsExactly("Keep-Alive");
	}

	@Test
	void trailersAreAskedForOnGrpcRequestsWithoutTouchingTheReceivedHeaders() {
		HttpHeadersFilter grpc = new GatewayHeaderFilters.TrailersForGrpc();
		ServerWebExchange call = MockServerWebExchange
			.from(MockServerHttpRequest.post("/svc/Call").header("Content-Type", "application/grpc"));
		HttpHeaders sent = grpc.filter(call.getRequest().getHeaders(), call);
		assertThat(sent.get("te")).containsExactly("trailers");
		assertThat(call.getRequest().getHeaders().containsHeader("te")).isFalse();

		ServerWebExchange plain = MockServerWebExchange
			.from(MockServerHttpRequest.post("/x").header("Content-Type", "text/plain"));
		HttpHeaders received = plain.getRequest().getHeaders();
		assertThat(grpc.filter(received, plain)).isSameAs(received);
	}

	@Test
	void forwardingHeadersAreLeftToTheProxyHeadersFilter() {
		ServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.get("/x")
			.header("Forwarded", "for=1.2.3.4")
			.header("X-Forwarded-For", "1.2.3.4"));
		HttpHeaders received = exchange.getRequest().getHeaders();
		assertThat(new GatewayHeaderFilters.LeaveForwarded().filter(received, exchange)).isSameAs(received);
		assertThat(new GatewayHeaderFilters.LeaveXForwarded().filter(received, exchange)).isSameAs(received);
	}

}

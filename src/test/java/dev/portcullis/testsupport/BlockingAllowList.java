package dev.portcullis.testsupport;

import reactor.blockhound.BlockHound;
import reactor.blockhound.integration.BlockHoundIntegration;

/**
 * The one allow-list for BlockHound, which fails any test whose code blocks on a Reactor
 * or Netty non-blocking thread. Each entry says why the call may block there.
 */
public class BlockingAllowList implements BlockHoundIntegration {

	@Override
	public void applyTo(BlockHound.Builder builder) {
		// fabric8's Kubernetes client scans the class path once (ServiceLoader) to build
		// its deserializer, on its own Vert.x threads, never on a gateway request thread.
		builder.allowBlockingCallsInside("io.fabric8.kubernetes.internal.KubernetesDeserializer$Mapping",
				"registerClassesFromClassLoaders");
		// fabric8's HTTP client runs on Vert.x, whose worker pools are Netty threads,
		// which BlockHound's Netty integration counts as non-blocking. An idle pool
		// thread waiting for its next task blocks nothing, but failing that wait killed
		// the threads one by one (BlockingOperationError, IllegalMonitorStateException).
		builder.allowBlockingCallsInside("java.util.concurrent.ThreadPoolExecutor", "getTask");
		// The tests' mock Kubernetes API server (not the gateway) shuts its watch
		// executor
		// down on its Vert.x thread when a watch's web socket closes.
		builder.allowBlockingCallsInside("io.fabric8.kubernetes.client.server.mock.WatchEventsListener", "onClosed");
		// Netty 4.2's adaptive buffer allocator takes a short internal lock when it grows
		// or frees a magazine under contention; that is Netty's own design for event
		// loops, and BlockHound failing it turned random responses into 500s on loaded
		// machines.
		builder.allowBlockingCallsInside("io.netty.buffer.AdaptivePoolingAllocator$MagazineGroup",
				"tryExpandMagazines");
		builder.allowBlockingCallsInside("io.netty.buffer.AdaptivePoolingAllocator$Magazine", "free");
		// Resilience4j 2.3 records each call's outcome in its breaker's sliding window
		// under a short ReentrantLock (no I/O); concurrent completions on a breaker route
		// contend for it.
		builder.allowBlockingCallsInside("io.github.resilience4j.core.metrics.FixedSizeSlidingWindowMetrics", "record");
		builder.allowBlockingCallsInside("io.github.resilience4j.core.metrics.SlidingTimeWindowMetrics", "record");
		// Lettuce 6.8 guards each connection's writes with a short ReentrantLock
		// (SharedLock). DefaultEndpoint.write decrements the writer count in a finally
		// block even when incrementWriters threw, so BlockHound failing a contended
		// lock() there left the count at -1, and every later write on that connection
		// spun forever (a test JVM hung in SharedLock.incrementWriters).
		builder.allowBlockingCallsInside("io.lettuce.core.protocol.SharedLock", "incrementWriters");
		builder.allowBlockingCallsInside("io.lettuce.core.protocol.SharedLock", "doExclusive");
		// The memory stores run Caffeine's maintenance on the calling thread
		// (executor(Runnable::run)): it drains the read and write buffers and evicts
		// under a short ReentrantLock (no I/O), which two event loops can contend for.
		builder.allowBlockingCallsInside("com.github.benmanes.caffeine.cache.BoundedLocalCache", "performCleanUp");
	}

}

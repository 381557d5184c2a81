package dev.portcullis.security;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts the public port's open connections against {@code max-connections}: a connection
 * that would go over it is turned away, one that closes makes room.
 */
final class ConnectionLimit {

	private final int max;

	private final AtomicInteger open = new AtomicInteger();

	ConnectionLimit(int max) {
		this.max = max;
	}

	/** Counts a new connection, unless the limit is reached. */
	boolean tryOpen() {
		if (this.open.incrementAndGet() > this.max) {
			this.open.decrementAndGet();
			return false;
		}
		return true;
	}

	/** A counted connection closed. */
	void closed() {
		this.open.decrementAndGet();
	}

	int open() {
		return this.open.get();
	}

}

/**
 * What the gateway does when upstreams fail: retries with a budget, circuit breakers, the
 * upstream connection pool and a graceful drain on shutdown.
 */
@NullMarked
package dev.portcullis.resilience;

import org.jspecify.annotations.NullMarked;

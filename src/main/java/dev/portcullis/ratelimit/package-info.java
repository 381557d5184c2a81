/**
 * The {@code RateLimit} route filter: GCRA limits kept in memory or shared in Redis, with
 * a local fallback when Redis is unreachable.
 */
@NullMarked
package dev.portcullis.ratelimit;

import org.jspecify.annotations.NullMarked;

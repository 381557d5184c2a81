/**
 * Redis connection set-up: Redis is used, and reported in health, only when it is named.
 */
@NullMarked
package dev.portcullis.redis;

import org.jspecify.annotations.NullMarked;

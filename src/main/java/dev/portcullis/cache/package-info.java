/**
 * The shared HTTP response cache: the {@code ResponseCache} route filter, its RFC 9111
 * policy and its memory and Redis stores.
 */
@NullMarked
package dev.portcullis.cache;

import org.jspecify.annotations.NullMarked;

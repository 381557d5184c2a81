/**
 * What the gateway tells upstreams about the client: X-Forwarded-* headers and trusted
 * proxies.
 */
@NullMarked
package dev.portcullis.forwarding;

import org.jspecify.annotations.NullMarked;

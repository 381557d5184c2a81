/**
 * TLS on the public port (certificate, protocols, mTLS, HSTS, the plain redirect
 * listener) and TLS to upstreams.
 */
@NullMarked
package dev.portcullis.tls;

import org.jspecify.annotations.NullMarked;

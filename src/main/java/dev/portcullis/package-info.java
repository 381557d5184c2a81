/**
 * Portcullis, a reverse proxy and API gateway on Spring Cloud Gateway.
 */
@NullMarked
package dev.portcullis;

import org.jspecify.annotations.NullMarked;

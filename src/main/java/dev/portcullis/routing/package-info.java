/**
 * Where routes come from beyond {@code application.yml}: routes created through the
 * Actuator gateway endpoints, kept in Redis and refreshed on every replica.
 */
@NullMarked
package dev.portcullis.routing;

import org.jspecify.annotations.NullMarked;

/**
 * The management (Actuator) server as seen by the rest of the gateway.
 */
@NullMarked
package dev.portcullis.admin;

import org.jspecify.annotations.NullMarked;

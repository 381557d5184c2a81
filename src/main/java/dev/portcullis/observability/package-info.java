/**
 * Request ids and the access log.
 */
@NullMarked
package dev.portcullis.observability;

import org.jspecify.annotations.NullMarked;

/**
 * The one table from failure to HTTP status and the RFC 9457 problem+json error handler.
 */
@NullMarked
package dev.portcullis.errors;

import org.jspecify.annotations.NullMarked;

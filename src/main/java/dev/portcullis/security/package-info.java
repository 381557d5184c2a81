/**
 * Security filter chains (the open public port and the admin-only management port),
 * request hardening, IP rules and per-route CORS.
 */
@NullMarked
package dev.portcullis.security;

import org.jspecify.annotations.NullMarked;

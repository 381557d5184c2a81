/**
 * Security filter chains: the open public port and the admin-only management port.
 */
@NullMarked
package dev.portcullis.security;

import org.jspecify.annotations.NullMarked;

/**
 * Per-route authentication: JWT bearer tokens and API keys, declared as named profiles.
 */
@NullMarked
package dev.portcullis.auth;

import org.jspecify.annotations.NullMarked;

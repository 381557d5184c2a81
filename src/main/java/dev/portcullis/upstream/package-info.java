/**
 * Upstream groups and the discovery client that feeds their instances to the load
 * balancer.
 */
@NullMarked
package dev.portcullis.upstream;

import org.jspecify.annotations.NullMarked;

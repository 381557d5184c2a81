/**
 * The gateway's own request filters that run before routing, for every request: request
 * ids, the access log, hardening, IP rules, concurrency limits and the like, run in one
 * Spring WebFlux filter ({@link dev.portcullis.edge.EdgeFilters}).
 */
@NullMarked
package dev.portcullis.edge;

import org.jspecify.annotations.NullMarked;

/**
 * Upstream groups and how requests are balanced across their instances: strategies,
 * active health checks, passive outlier ejection and the {@code ClientRegion} predicate.
 */
@NullMarked
package dev.portcullis.upstream;

import org.jspecify.annotations.NullMarked;

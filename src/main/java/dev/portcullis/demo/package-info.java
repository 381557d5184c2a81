/**
 * In-process demo upstreams and their route, active only in the demo profile.
 */
@NullMarked
package dev.portcullis.demo;

import org.jspecify.annotations.NullMarked;

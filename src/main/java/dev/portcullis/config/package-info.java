/**
 * Start-up failures that name the bad portcullis.* property.
 */
@NullMarked
package dev.portcullis.config;

import org.jspecify.annotations.NullMarked;

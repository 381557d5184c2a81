/**
 * Writing JSON text by hand for the few small, fixed shapes the gateway produces itself.
 */
@NullMarked
package dev.portcullis.json;

import org.jspecify.annotations.NullMarked;

/**
 * The composition root: {@link io.wsgate.app.Gateway} builds every part, starts them in order and
 * stops them in reverse; {@link io.wsgate.app.Main} is the command line. The only room that calls
 * {@code new} on adapters.
 */
package io.wsgate.app;

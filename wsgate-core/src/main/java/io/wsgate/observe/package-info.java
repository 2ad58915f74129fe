/**
 * What the gateway counts: every refused handshake, closed connection, failed integration and bad
 * management request is counted under a named {@link io.wsgate.observe.Counter}. {@link
 * io.wsgate.observe.CounterSet} keeps them in memory; exporters plug in behind {@link
 * io.wsgate.observe.Metrics}.
 */
package io.wsgate.observe;

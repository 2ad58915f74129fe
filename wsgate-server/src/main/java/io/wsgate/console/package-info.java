/**
 * The web console: a page of plain HTML, CSS and JavaScript served on the control-plane listener
 * at {@code /console/}, and the endpoints under {@code /wsgate/} that it and the CLI's {@code
 * connections} commands read (the APIs served, live connections with paging and a filter, sending
 * to and closing one, the counters, the tail of a stage's access log), behind the identities'
 * signatures or a sign-in when identities exist.
 */
package io.wsgate.console;

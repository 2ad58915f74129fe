/**
 * The engine: {@link io.wsgate.dispatch.Dispatcher} turns connects, messages and closes into
 * integration calls and their results into what the client sees; {@link
 * io.wsgate.dispatch.Deployer} binds APIs into {@link io.wsgate.dispatch.RouteTable}s; {@link
 * io.wsgate.dispatch.Directory} maps URLs to stages; {@link io.wsgate.dispatch.Sweeper} enforces
 * idle and lifetime limits.
 */
package io.wsgate.dispatch;

/**
 * Durable state: what the control plane acknowledged, kept as one JSON document in the data
 * directory and replaced atomically on every change. {@link io.wsgate.store.StateStore} applies a
 * change, writes it, and only then publishes it; {@link io.wsgate.store.StateFile} does the
 * writing (temporary file, fsync, atomic rename, fsync of the directory) and refuses to load a
 * file whose checksum does not match, rather than lose what it held.
 */
package io.wsgate.store;

package io.wsgate.app;

import io.wsgate.config.ConfigFile;

/** Lets tests in other packages load the embedded example the way {@code serve} does, and flush access logs. */
public final class MainAccess {
    private MainAccess() {}

    public static ConfigFile example() {
        return Main.example();
    }

    /** Blocks until every access log line offered so far is written. */
    public static void flushAccessLogs(Gateway gateway) throws InterruptedException {
        gateway.accessLogs().flush();
    }
}

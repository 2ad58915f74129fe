package io.wsgate.app;

import io.wsgate.config.ConfigFile;

/** Lets tests in other packages load the embedded example the way {@code serve} does. */
public final class MainAccess {
    private MainAccess() {}

    public static ConfigFile example() {
        return Main.example();
    }
}

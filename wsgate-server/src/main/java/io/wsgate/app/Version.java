package io.wsgate.app;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The version the build stamped into {@code version.properties}. */
final class Version {
    private Version() {}

    static String current() {
        try (InputStream in = Version.class.getResourceAsStream("version.properties")) {
            var properties = new Properties();
            if (in != null) {
                properties.load(in);
            }
            return properties.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }
}

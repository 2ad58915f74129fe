package io.wsgate.app;

import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.List;

/**
 * Where the classes that {@code functions} names are loaded from: wsgate's own class path, then
 * the user's directories and jars ({@code --classpath}, {@code gateway.classpath}). {@code ./wsgate}
 * runs {@code java -jar}, which ignores {@code -cp} and {@code CLASSPATH}, so this is their way in.
 */
final class UserClasses {
    private UserClasses() {}

    /** wsgate's loader without entries; else a loader of them whose parent is wsgate's, so handlers see its types. */
    static ClassLoader loader(List<Path> entries) {
        if (entries.isEmpty()) {
            return Gateway.class.getClassLoader();
        }
        var urls = new URL[entries.size()];
        for (int i = 0; i < urls.length; i++) {
            try {
                urls[i] = entries.get(i).toUri().toURL();
            } catch (MalformedURLException e) {
                throw new IllegalArgumentException("class path entry " + entries.get(i) + ": " + e.getMessage(), e);
            }
        }
        return new URLClassLoader("wsgate-user-classes", urls, Gateway.class.getClassLoader());
    }
}

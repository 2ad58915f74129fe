package io.wsgate.testing;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.tools.ToolProvider;

/**
 * Java as documentation shows it, compiled with the JDK's compiler against this test run's class
 * path: whole files (a class with its package and imports), or fragments (imports, then
 * statements), which are wrapped in the {@code main} method of a class of their own.
 */
public final class JavaSources {
    private static final Pattern TYPE =
            Pattern.compile("^public\\s+(?:final\\s+)?(?:class|record|interface)\\s+(\\w+)", Pattern.MULTILINE);
    private static final Pattern PACKAGE = Pattern.compile("^package\\s+([\\w.]+);", Pattern.MULTILINE);

    private JavaSources() {}

    /** Whether {@code source} declares a top-level public type, as a file does. */
    public static boolean isWholeFile(String source) {
        return TYPE.matcher(source).find();
    }

    /** Whether {@code source} is a whole file with a {@code main} method, a program to run. */
    public static boolean isProgram(String source) {
        return isWholeFile(source) && source.contains("public static void main(String[] args)");
    }

    /** The binary name of the file's public type ({@code com.example.Shout}). */
    public static String className(String file) {
        Matcher type = TYPE.matcher(file);
        if (!type.find()) {
            throw new IllegalArgumentException("no public type in:\n" + file);
        }
        Matcher pkg = PACKAGE.matcher(file);
        return (pkg.find() ? pkg.group(1) + "." : "") + type.group(1);
    }

    /** A fragment as a file: its imports first, its statements in {@code main} of {@code name}. */
    public static String wrap(String name, String fragment) {
        var lines = fragment.lines().toList();
        String imports = lines.stream().filter(l -> l.startsWith("import ")).collect(Collectors.joining("\n"));
        String body = lines.stream().filter(l -> !l.startsWith("import ")).collect(Collectors.joining("\n"));
        return imports + "\n\npublic class " + name
                + " {\n    public static void main(String[] args) throws Exception {\n" + body + "\n    }\n}\n";
    }

    /** {@code name}'s path in the JDK running this test ({@code java}, {@code javac}). */
    public static String jdkTool(String name) {
        return Path.of(System.getProperty("java.home"), "bin", name).toString();
    }

    /**
     * Writes {@code file}, an argument file for {@code java} and {@code javac} ({@code @file}) that
     * holds {@code -cp} and {@code first}, then this test run's class path; returns {@code file}.
     */
    public static Path classPathArgs(Path file, Path... first) {
        var entries = new java.util.ArrayList<String>();
        for (Path each : first) {
            entries.add(each.toString());
        }
        entries.add(System.getProperty("java.class.path"));
        try {
            Files.writeString(file, "-cp \"" + String.join(java.io.File.pathSeparator, entries) + "\"\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    /**
     * Compiles {@code file} into {@code classes}; fails showing the compiler's messages and the
     * source if it does not compile.
     */
    public static void compile(String file, Path classes) {
        String name = className(file);
        try {
            Path source =
                    classes.resolveSibling(classes.getFileName() + "-src").resolve(name.replace('.', '/') + ".java");
            Files.createDirectories(source.getParent());
            Files.createDirectories(classes);
            Files.writeString(source, file);
            var messages = new StringWriter();
            var compiler = ToolProvider.getSystemJavaCompiler();
            try (var files = compiler.getStandardFileManager(null, null, null)) {
                boolean ok = compiler.getTask(
                                messages,
                                files,
                                null,
                                List.of(
                                        "-d",
                                        classes.toString(),
                                        "-cp",
                                        System.getProperty("java.class.path"),
                                        "-proc:none",
                                        "-Xlint:none"),
                                null,
                                files.getJavaFileObjects(source))
                        .call();
                if (!ok) {
                    throw new AssertionError("does not compile:\n" + messages + "\n" + file);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

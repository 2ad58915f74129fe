package io.wsgate.config;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Where stages' access logs are written ({@code gateway.access-logs}). A stage logs when its
 * {@code accessLogSettings} name a destination, as on AWS; the destination's log group is a
 * directory of one file a day ({@code yyyy-MM-dd.log}, UTC), whose files older than the group's
 * retention are deleted.
 *
 * @param stdout whether lines go to standard output rather than to files ({@code to: stdout})
 * @param directory where the log groups' directories are; empty: {@code access-logs} under the
 *     data directory
 * @param retentionDays how long a log group keeps its files when no template's {@code
 *     AWS::Logs::LogGroup} gives its {@code RetentionInDays}; empty: forever, as CloudWatch keeps
 *     a group without a retention policy
 */
public record AccessLogging(boolean stdout, Optional<Path> directory, OptionalInt retentionDays) {
    public static final AccessLogging DEFAULT = new AccessLogging(false, Optional.empty(), OptionalInt.empty());

    /** The day counts CloudWatch Logs accepts as {@code RetentionInDays}. */
    public static final List<Integer> RETENTION_DAYS = List.of(
            1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653);

    /** The same, as the words SST and CDK write them ({@code 1 month}), {@code forever} aside. */
    private static final Map<String, Integer> WORDS = words();

    private static Map<String, Integer> words() {
        String[] names = {
            "1 day",
            "3 days",
            "5 days",
            "1 week",
            "2 weeks",
            "1 month",
            "2 months",
            "3 months",
            "4 months",
            "5 months",
            "6 months",
            "1 year",
            "13 months",
            "18 months",
            "2 years",
            "3 years",
            "5 years",
            "6 years",
            "7 years",
            "8 years",
            "9 years",
            "10 years"
        };
        var map = new LinkedHashMap<String, Integer>();
        for (int i = 0; i < names.length; i++) {
            map.put(names[i], RETENTION_DAYS.get(i));
        }
        return map;
    }

    /**
     * A retention as the user writes it: one of CloudWatch's day counts, {@code 1 day} ... {@code
     * 10 years}, or {@code forever} (empty).
     *
     * @throws IllegalArgumentException naming what is accepted
     */
    public static OptionalInt retention(String text) {
        String t = text.trim();
        if (t.equals("forever")) {
            return OptionalInt.empty();
        }
        Integer days = WORDS.get(t);
        if (days == null && t.matches("\\d{1,4}") && RETENTION_DAYS.contains(Integer.parseInt(t))) {
            days = Integer.parseInt(t);
        }
        if (days == null) {
            throw new IllegalArgumentException("'" + text + "' (expected: forever, " + String.join(", ", WORDS.keySet())
                    + ", or one of CloudWatch's day counts " + RETENTION_DAYS + ")");
        }
        return OptionalInt.of(days);
    }

    /** The directory of the log groups, {@code access-logs} under {@code dataDirectory} unless set. */
    public Path directoryUnder(Path dataDirectory) {
        return directory.orElse(dataDirectory.resolve("access-logs"));
    }
}

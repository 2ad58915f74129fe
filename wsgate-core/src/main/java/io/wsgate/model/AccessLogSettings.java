package io.wsgate.model;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A stage's {@code accessLogSettings}, checked as AWS checks them when a stage is created or
 * updated: the destination is a CloudWatch Logs log group's ARN, whose name holds only the
 * characters AWS allows there; the format is one line that names {@code $context.requestId}. Its
 * size is the shape's (3 KB, the quota). A trailing {@code :*}, which {@code Fn::GetAtt
 * LogGroup.Arn} gives and CDK's {@code LogGroupLogDestination} passes on, is accepted: AWS was
 * seen refusing it in 2019, but stacks that pass it deploy, and refusing a stack AWS takes would
 * be worse here than taking one it might not.
 *
 * @param destinationArn {@code arn:aws:logs:{region}:{account}:log-group:{name}}
 * @param format the line, with {@code $context} variables
 */
public record AccessLogSettings(String destinationArn, String format) {
    private static final Pattern ARN = Pattern.compile("arn:aws[a-z-]*:logs:([a-z0-9-]+):(\\d{12}):(.+)");
    private static final Pattern GROUP = Pattern.compile("log-group:[A-Za-z0-9_\\-/.]{1,512}(:\\*)?");

    public AccessLogSettings {
        Objects.requireNonNull(destinationArn, "destinationArn");
        Objects.requireNonNull(format, "format");
        var problems = new Problems();
        var arn = ARN.matcher(destinationArn);
        if (!arn.matches()) {
            problems.add(
                    "destinationArn",
                    "'" + destinationArn + "' (expected: a log group's ARN,"
                            + " arn:aws:logs:{region}:{account}:log-group:{name})");
        } else if (!GROUP.matcher(arn.group(3)).matches()) {
            problems.add(
                    "destinationArn",
                    "Access log destination must only contain characters a-z, A-Z, 0-9, '_', '-', '/', '.': '"
                            + arn.group(3) + "'");
        }
        int newline = format.indexOf('\n');
        problems.require(
                newline < 0 || newline == format.length() - 1,
                "format",
                () -> "Access Log format must be single line, new line character is allowed only at end of the"
                        + " format");
        problems.require(
                format.contains("$context.requestId") || format.contains("$context.extendedRequestId"),
                "format",
                () -> "Access log format must include $context.requestId");
        problems.throwIfAny();
    }

    /** The log group's name: what follows {@code log-group:} in the ARN. */
    public String logGroupName() {
        String name = destinationArn.substring(destinationArn.indexOf(":log-group:") + ":log-group:".length());
        return name.endsWith(":*") ? name.substring(0, name.length() - 2) : name;
    }
}

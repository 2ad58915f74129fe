package io.wsgate.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.wsgate.app.CliTest.Result;
import org.junit.jupiter.api.Test;

/** {@code --help} on every command, and {@code help COMMAND}: usage on standard output, exit 0. */
class CliHelpTest {
    @Test
    void serveHelpPrintsItsOptions() {
        Result result = CliTest.run("serve", "--help");
        assertThat(result.exit()).isZero();
        assertThat(result.err()).isEmpty();
        assertThat(result.out()).startsWith("Usage: wsgate serve").contains("--config", "--control-port", "--help");
    }

    @Test
    void validateHelpPrintsItsUsage() {
        Result result = CliTest.run("validate", "--help");
        assertThat(result.exit()).isZero();
        assertThat(result.out()).startsWith("Usage: wsgate validate").contains("FILE");
    }

    @Test
    void helpNamesTheCommandItExplains() {
        Result result = CliTest.run("help", "serve");
        assertThat(result.exit()).isZero();
        assertThat(result.out()).startsWith("Usage: wsgate serve").contains("--config");
    }

    @Test
    void helpAloneListsTheCommands() {
        Result result = CliTest.run("help");
        assertThat(result.exit()).isZero();
        assertThat(result.out()).contains("serve", "validate", "version");
    }
}

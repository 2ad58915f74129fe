package io.wsgate.config;

import io.wsgate.model.Api;
import io.wsgate.model.Problem;
import java.util.List;
import java.util.Map;

/**
 * A configuration file, read and checked: its APIs, the in-process functions it names (function
 * name to class name), and the gateway's settings.
 */
public final class ConfigFile {
    private final GatewaySettings settings;
    private final Map<String, String> functions;
    private final List<Api> apis;
    private final Lines lines;

    ConfigFile(GatewaySettings settings, Map<String, String> functions, List<Api> apis, Lines lines) {
        this.settings = settings;
        this.functions = Map.copyOf(functions);
        this.apis = List.copyOf(apis);
        this.lines = lines;
    }

    public String name() {
        return lines.file();
    }

    public GatewaySettings settings() {
        return settings;
    }

    public Map<String, String> functions() {
        return functions;
    }

    public List<Api> apis() {
        return apis;
    }

    /** Problems found after loading (by the deployer, say) with the lines their paths are on. */
    public ConfigException problems(List<Problem> problems) {
        return new ConfigException(lines.file(), lines.locate(problems));
    }

    @Override
    public String toString() {
        return "ConfigFile{" + name() + " apis=" + apis.stream().map(Api::name).toList() + "}";
    }
}

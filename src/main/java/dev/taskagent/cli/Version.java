package dev.taskagent.cli;

import io.quarkus.runtime.annotations.RegisterForReflection;
import org.eclipse.microprofile.config.ConfigProvider;
import picocli.CommandLine.IVersionProvider;

/** {@code --version} of every command: the version this artifact was built as. */
@RegisterForReflection
public class Version implements IVersionProvider {

    @Override
    public String[] getVersion() {
        String version = ConfigProvider.getConfig()
                .getOptionalValue("quarkus.application.version", String.class)
                .orElse("unknown");
        return new String[] {"task-agent " + version};
    }
}

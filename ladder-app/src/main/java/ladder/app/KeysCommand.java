package ladder.app;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import ladder.gateway.ApiKey;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ladder keys create|revoke}: manages the Ladder client keys file. */
@Command(
        name = "keys",
        mixinStandardHelpOptions = true,
        description = "Create or revoke Ladder client keys (the file stores only their SHA-256).",
        subcommands = {KeysCommand.Create.class, KeysCommand.Revoke.class})
final class KeysCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    @Command(name = "create", mixinStandardHelpOptions = true, description = "Create a key; prints it once.")
    static final class Create implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Option(names = "--team", required = true, description = "Team the key bills to.")
        String team;

        @Option(names = "--project", required = true, description = "Project the key bills to.")
        String project;

        @Option(
                names = "--data",
                defaultValue = GatewayConfigLoader.DEFAULT_KEYS_FILE,
                description = "Keys file (default: ${DEFAULT-VALUE}).")
        Path data;

        @Override
        public Integer call() {
            if (team.isBlank() || project.isBlank()) {
                spec.commandLine().getErr().println("ladder keys create: --team and --project must not be blank");
                return 2;
            }
            try {
                List<ApiKey> keys = new ArrayList<>(KeysFile.read(data));
                ApiKey.Created created = ApiKey.create(team.trim(), project.trim(), new SecureRandom());
                keys.add(created.stored());
                KeysFile.write(data, keys);
                spec.commandLine().getOut().println(created.plainKey());
                spec.commandLine()
                        .getErr()
                        .println("created " + created.stored().id() + " for team " + team + ", project " + project
                                + " in " + data + "; the key is shown only this once");
                return 0;
            } catch (ConfigException e) {
                spec.commandLine().getErr().println("ladder keys create: " + e.getMessage());
                return 1;
            }
        }
    }

    @Command(name = "revoke", mixinStandardHelpOptions = true, description = "Revoke a key by its id.")
    static final class Revoke implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Option(names = "--id", required = true, description = "The key id (key_...).")
        String id;

        @Option(
                names = "--data",
                defaultValue = GatewayConfigLoader.DEFAULT_KEYS_FILE,
                description = "Keys file (default: ${DEFAULT-VALUE}).")
        Path data;

        @Override
        public Integer call() {
            try {
                List<ApiKey> keys = new ArrayList<>(KeysFile.read(data));
                boolean found = false;
                for (int i = 0; i < keys.size(); i++) {
                    ApiKey k = keys.get(i);
                    if (k.id().equals(id)) {
                        keys.set(i, new ApiKey(k.id(), k.sha256(), k.team(), k.project(), true));
                        found = true;
                    }
                }
                if (!found) {
                    spec.commandLine().getErr().println("ladder keys revoke: no key " + id + " in " + data);
                    return 1;
                }
                KeysFile.write(data, keys);
                spec.commandLine().getErr().println("revoked " + id);
                return 0;
            } catch (ConfigException e) {
                spec.commandLine().getErr().println("ladder keys revoke: " + e.getMessage());
                return 1;
            }
        }
    }
}

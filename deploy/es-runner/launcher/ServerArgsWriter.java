import org.elasticsearch.bootstrap.ServerArgs;
import org.elasticsearch.common.io.stream.OutputStreamStreamOutput;
import org.elasticsearch.common.settings.KeyStoreWrapper;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.env.Environment;
import org.elasticsearch.node.InternalSettingsPreparer;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Does the part of Elasticsearch's `server-cli` (not on Maven Central) that the
 * server process needs: resolve the node settings from config/elasticsearch.yml
 * and serialise them, with an in-memory keystore, as the `ServerArgs` record the
 * server reads from its stdin (org.elasticsearch.bootstrap.Elasticsearch#initPhase1).
 *
 * usage: ServerArgsWriter <es-home> <config-dir> <out-file>
 */
public final class ServerArgsWriter {
    private ServerArgsWriter() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: ServerArgsWriter <es-home> <config-dir> <out-file>");
            System.exit(2);
        }
        Path home = Path.of(args[0]).toAbsolutePath();
        Path config = Path.of(args[1]).toAbsolutePath();
        Path out = Path.of(args[2]).toAbsolutePath();

        Environment env = InternalSettingsPreparer.prepareEnvironment(
            Settings.builder().put("path.home", home.toString()).build(),
            Map.of(),
            config,
            () -> "vigie-es"
        );

        // Same as server-cli when no keystore exists: an unpersisted keystore holding only the bootstrap seed.
        KeyStoreWrapper keystore = KeyStoreWrapper.create();
        KeyStoreWrapper.addBootstrapSeed(keystore);

        // daemonize=true: the server closes stdio once ready and does not watch stdin for a shutdown marker,
        // so it keeps running after this script's pipe is gone; it stops on SIGTERM (shutdown hook).
        ServerArgs serverArgs = new ServerArgs(true, false, null, keystore, env.settings(), config, env.logsDir());
        try (OutputStream os = Files.newOutputStream(out); OutputStreamStreamOutput so = new OutputStreamStreamOutput(os)) {
            serverArgs.writeTo(so);
        }
    }
}

package org.pairinggraph;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.graphdb.GraphDatabaseService;

/**
 * Runs Neo4j Community in this JVM with Bolt on 127.0.0.1 and authentication off.
 *
 * <p>Arguments: {@code --home DIR --port N [--pagecache BYTES] [--parent-pid PID] [--tx-timeout SECONDS]}.
 * Prints exactly one line {@code NEO4J_READY bolt://127.0.0.1:N} on standard output when the default
 * database accepts work. SIGTERM (or the death of {@code --parent-pid}) shuts the database down cleanly.
 * Exits with status 2 on bad arguments and 1 when the database cannot start.
 */
public final class Neo4jLauncher {
    private Neo4jLauncher() {}

    public static void main(String[] args) throws Exception {
        Path home = null;
        int port = -1;
        long pageCache = 128L * 1024 * 1024;
        long parentPid = -1;
        long txTimeoutSeconds = 0;
        for (int i = 0; i < args.length; i++) {
            String name = args[i];
            String value = i + 1 < args.length ? args[i + 1] : null;
            if (value == null) usage("missing value for " + name);
            switch (name) {
                case "--home" -> home = Path.of(value).toAbsolutePath();
                case "--port" -> port = parseInt(name, value);
                case "--pagecache" -> pageCache = parseLong(name, value);
                case "--parent-pid" -> parentPid = parseLong(name, value);
                case "--tx-timeout" -> txTimeoutSeconds = parseLong(name, value);
                default -> usage("unknown argument " + name);
            }
            i++;
        }
        if (home == null) usage("--home is required");
        if (port < 1 || port > 65535) usage("--port must be between 1 and 65535");

        DatabaseManagementServiceBuilder builder = new DatabaseManagementServiceBuilder(home)
                .setConfig(BoltConnector.enabled, true)
                .setConfig(BoltConnector.listen_address, new SocketAddress("127.0.0.1", port))
                .setConfig(GraphDatabaseSettings.auth_enabled, false)
                .setConfig(GraphDatabaseSettings.pagecache_memory, pageCache)
                .setConfig(GraphDatabaseSettings.udc_enabled, false)
                .setConfig(GraphDatabaseSettings.routing_enabled, false);
        if (txTimeoutSeconds > 0) {
            builder.setConfig(GraphDatabaseSettings.transaction_timeout, Duration.ofSeconds(txTimeoutSeconds));
        }

        final DatabaseManagementService service;
        try {
            service = builder.build();
        } catch (RuntimeException e) {
            System.err.println("NEO4J_FAILED " + e.getMessage());
            System.exit(1);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                service.shutdown();
            } finally {
                System.out.println("NEO4J_STOPPED");
                System.out.flush();
                stopped.countDown();
            }
        }, "neo4j-shutdown"));

        GraphDatabaseService db = service.database(GraphDatabaseSettings.DEFAULT_DATABASE_NAME);
        if (!db.isAvailable(120_000)) {
            System.err.println("NEO4J_FAILED default database did not become available within 120 s");
            System.exit(1);
        }
        System.out.println("NEO4J_READY bolt://127.0.0.1:" + port);
        System.out.flush();

        if (parentPid > 0) {
            Optional<ProcessHandle> parent = ProcessHandle.of(parentPid);
            while (parent.isPresent() && parent.get().isAlive()) {
                if (stopped.await(1, TimeUnit.SECONDS)) return;
            }
            System.err.println("NEO4J_PARENT_GONE " + parentPid + ": shutting down");
            System.exit(0);
        }
        stopped.await();
    }

    private static int parseInt(String name, String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            usage(name + " must be a whole number, got '" + value + "'");
            return -1;
        }
    }

    private static long parseLong(String name, String value) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            usage(name + " must be a whole number, got '" + value + "'");
            return -1;
        }
    }

    private static void usage(String problem) {
        System.err.println("NEO4J_USAGE " + problem
                + "\nusage: java -cp 'target/classes:target/lib/*' org.pairinggraph.Neo4jLauncher"
                + " --home DIR --port N [--pagecache BYTES] [--parent-pid PID] [--tx-timeout SECONDS]");
        System.exit(2);
    }
}

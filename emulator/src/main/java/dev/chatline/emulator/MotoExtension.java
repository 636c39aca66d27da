package dev.chatline.emulator;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension: one moto server per test JVM, started on first use, reset before every test class that uses
 * the extension, and stopped when the test run ends. Inject {@link MotoServer} into a constructor, a
 * {@code @BeforeAll} or a test method, or call {@link #server()}.
 */
public final class MotoExtension implements BeforeAllCallback, ParameterResolver {
    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(MotoExtension.class);
    private static volatile MotoServer shared;

    /** The running server (starting it if needed). */
    public static synchronized MotoServer server() {
        if (shared == null || !shared.isAlive()) {
            shared = MotoServer.start();
        }
        return shared;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        MotoServer server = server();
        // Register with the root store so JUnit closes it once, at the end of the whole run.
        context.getRoot().getStore(NS).getOrComputeIfAbsent("moto", k -> new Closer(server), Closer.class);
        server.reset();
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == MotoServer.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return server();
    }

    private record Closer(MotoServer server) implements ExtensionContext.Store.CloseableResource, AutoCloseable {
        @Override
        public void close() {
            synchronized (MotoExtension.class) {
                server.close();
                shared = null;
            }
        }
    }
}

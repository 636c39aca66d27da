package dev.chatline.infra.artifacts;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;

/**
 * One deployment artifact read as a class graph: which classes it holds, what each refers to
 * ({@link ClassReferences}), and what a set of root classes reaches transitively within it. A reference that is
 * neither in the jar nor in the JDK is missing: with only this jar on the classpath, loading it would fail.
 */
public final class ArtifactJar implements AutoCloseable {
    private static final ClassLoader JDK = ClassLoader.getPlatformClassLoader();
    private static final String SERVICES = "META-INF/services/";
    private static final String SDK_INTERCEPTOR = "software/amazon/awssdk/core/interceptor/ExecutionInterceptor";

    private final JarFile jar;
    private final Map<String, Set<String>> references = new HashMap<>();

    public ArtifactJar(Path file) {
        try {
            this.jar = new JarFile(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open " + file, e);
        }
    }

    /** What {@code roots} (internal names) reach: the classes of the jar, and the missing ones. */
    public Reach reach(List<String> roots) {
        Set<String> reached = new java.util.HashSet<>();
        Map<String, String> missing = new TreeMap<>();
        Deque<String> queue = new ArrayDeque<>();
        Map<String, String> from = new HashMap<>();
        for (String root : roots) {
            from.putIfAbsent(root, "(root)");
            queue.add(root);
        }
        while (!queue.isEmpty()) {
            String name = queue.poll();
            if (!reached.add(name)) {
                continue;
            }
            Set<String> refs = references(name);
            if (refs == null) {
                if (!inJdk(name)) {
                    missing.put(name, from.get(name));
                }
                continue;
            }
            for (String ref : refs) {
                if (!reached.contains(ref)) {
                    from.putIfAbsent(ref, name);
                    queue.add(ref);
                }
            }
        }
        reached.removeIf(n -> !holds(n));
        return new Reach(reached, missing);
    }

    /**
     * The classes the jar registers as providers of a service it holds: {@code META-INF/services/<interface>} (read
     * by {@code ServiceLoader}) and the AWS SDK's {@code execution.interceptors} (read by the SDK's clients).
     */
    public List<String> providers() {
        List<String> out = new ArrayList<>();
        jar.stream().filter(e -> !e.isDirectory()).forEach(e -> {
            String service = e.getName().startsWith(SERVICES) ? e.getName().substring(SERVICES.length())
                    .replace('.', '/') : e.getName().endsWith("/execution.interceptors") ? SDK_INTERCEPTOR : null;
            if (service != null && (holds(service) || inJdk(service))) {
                read(e).lines().map(l -> l.replaceAll("#.*", "").trim()).filter(l -> !l.isEmpty())
                        .forEach(l -> out.add(l.replace('.', '/')));
            }
        });
        return out;
    }

    public boolean holds(String internalName) {
        return jar.getEntry(internalName + ".class") != null;
    }

    /** The classes of the jar (internal names) with their compressed size, for reports. */
    public Map<String, Long> classSizes() {
        Map<String, Long> out = new LinkedHashMap<>();
        jar.stream().filter(e -> e.getName().endsWith(".class"))
                .forEach(e -> out.put(e.getName().substring(0, e.getName().length() - 6), e.getCompressedSize()));
        return out;
    }

    /** The references of a class of the jar, or null when the jar does not hold it. */
    private Set<String> references(String name) {
        return references.computeIfAbsent(name, n -> {
            ZipEntry entry = jar.getEntry(n + ".class");
            if (entry == null) {
                return null;
            }
            try (InputStream in = jar.getInputStream(entry)) {
                return ClassReferences.of(in.readAllBytes());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    private String read(ZipEntry entry) {
        try (InputStream in = jar.getInputStream(entry)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean inJdk(String name) {
        return JDK.getResource(name + ".class") != null;
    }

    @Override
    public void close() {
        try {
            jar.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * @param classes the reached classes the jar holds
     * @param missing each reached class the jar lacks (and the JDK too) → a class that refers to it
     */
    public record Reach(Set<String> classes, Map<String, String> missing) {
    }
}

package dev.chatline.infra.artifacts;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import dev.chatline.functions.catalog.Artifact;
import dev.chatline.functions.catalog.FunctionCatalog;
import dev.chatline.functions.catalog.FunctionDef;
import dev.chatline.infra.ChatlineSettings;
import java.io.IOException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The deployment artifacts (docs/architecture.md, "Packaging"), as the build left them in functions/target/lambda:
 * every one at most 20 MB, and every function's handler loadable, with everything it uses, from its own artifact
 * alone.
 */
class FunctionArtifactsTest {
    static final long MAX_BYTES = 20_000_000;
    /**
     * Optional dependencies of the shipped libraries that no function uses, deliberately not shipped: a class of
     * these packages may be referenced without being in an artifact.
     */
    static final Map<String, String> NOT_SHIPPED = Map.of(
            "org/bouncycastle/", "nimbus-jose-jwt: PEM keys and the BouncyCastle provider (the JDK's are used)",
            "com/google/crypto/tink/", "nimbus-jose-jwt: X25519/Ed25519 keys (tokens are RS256 or ES256)",
            "org/aspectj/", "Powertools' annotation API (the functions use its functional API)",
            "software/amazon/awssdk/crt/", "the native AWS CRT: SigV4a, CRC32C, the S3 CRT client (pure Java used)",
            "software/amazon/awssdk/crtcore/", "the AWS CRT bridge of SigV4a (multi-region access points)",
            "com/google/cloud/", "Firestore and Cloud Storage clients of Firebase Admin (excluded: only FCM is used)",
            "org/conscrypt/", "Apache HttpClient 5's optional Conscrypt TLS provider (the JDK's TLS is used)");

    /** Each artifact's class graph, read once for all functions. */
    private static final Map<Artifact, ArtifactJar> GRAPHS = new EnumMap<>(Artifact.class);

    @AfterAll
    static void closeJars() {
        GRAPHS.values().forEach(ArtifactJar::close);
    }

    static Stream<Named<FunctionDef>> functions() {
        return FunctionCatalog.ALL.stream().map(def -> Named.of(def.name(), def));
    }

    static Path jar(Artifact artifact) {
        return Path.of(ChatlineSettings.DEFAULT_FUNCTIONS_ARTIFACTS).resolve(artifact.fileName());
    }

    @ParameterizedTest
    @EnumSource(Artifact.class)
    void everyArtifactIsAtMost20Mb(Artifact artifact) throws IOException {
        assertThat(jar(artifact)).as("build it: ./mvnw -pl functions -am package -DskipTests").isRegularFile();
        assertThat(Files.size(jar(artifact))).as(artifact.fileName()).isLessThanOrEqualTo(MAX_BYTES);
    }

    @ParameterizedTest
    @MethodSource("functions")
    void everyClassTheHandlerCanReachIsInItsOwnArtifact(FunctionDef def) {
        assertThat(missing(def.artifact(), def.handlerClass())).as("classes %s reaches (with a class that refers to "
                + "each) that %s lacks", def.handlerClass(), def.artifact().fileName()).isEmpty();
    }

    /**
     * Code for the local runtime and tests only (docs/architecture.md, "Packaging"): the resource provisioner (a
     * deployment is provisioned by the CDK stack), the local runtime and the emulator launcher. Packages, as
     * internal-name prefixes.
     */
    static final List<String> LOCAL_ONLY = List.of("dev/chatline/provisioning/", "dev/chatline/local/",
            "dev/chatline/emulator/", "dev/chatline/testing/");

    @ParameterizedTest
    @EnumSource(Artifact.class)
    void noArtifactHoldsLocalOnlyCode(Artifact artifact) {
        ArtifactJar jar = GRAPHS.computeIfAbsent(artifact, a -> new ArtifactJar(jar(a)));
        assertThat(jar.classSizes().keySet()).as(artifact.fileName()).isNotEmpty()
                .noneMatch(name -> LOCAL_ONLY.stream().anyMatch(name::startsWith));
    }

    /** The check is not vacuous: the push sender needs Firebase, which only the push artifact holds. */
    @Test
    void theReachCheckFindsALibraryTheArtifactLacks() {
        assertThat(missing(Artifact.CORE, FunctionCatalog.PUSH.handlerClass()))
                .containsKey("com/google/firebase/messaging/FirebaseMessaging");
        assertThat(missing(Artifact.CORE, FunctionCatalog.MEDIA_UPLOAD.handlerClass()))
                .containsKey("software/amazon/awssdk/services/s3/presigner/S3Presigner");
        assertThat(missing(Artifact.AUTHORIZER, FunctionCatalog.SEND_MESSAGE.handlerClass()))
                .containsKey("software/amazon/awssdk/services/dynamodb/DynamoDbClient");
    }

    /**
     * The handler class initialises (its logging starts: logback names its classes in logback.xml) and the types of
     * its event and response, which the Lambda runtime (de)serializes by reflection, resolve completely, in a
     * class loader that sees the JDK and the artifact only; the runtime's serializers of the event types it knows
     * (SQS, SNS...) load what they need from the artifact (Joda-Time's DateTime, by name).
     */
    @ParameterizedTest
    @MethodSource("functions")
    void theHandlerAndItsEventTypesLoadFromItsOwnArtifactAlone(FunctionDef def) throws Exception {
        URL url = jar(def.artifact()).toUri().toURL();
        try (URLClassLoader loader = new URLClassLoader(new URL[] {url}, ClassLoader.getPlatformClassLoader())) {
            Class<?> handler = Class.forName(def.handlerClass(), true, loader);
            for (Type type : requestHandlerTypes(handler)) {
                // a JSON object in and out (cellCall: Map<String, Object>) resolves as its raw type
                Class<?> cls = type instanceof ParameterizedType p ? (Class<?>) p.getRawType() : (Class<?>) type;
                resolveAll(cls, new HashSet<>());
                if (LambdaEventSerializers.isLambdaSupportedEvent(cls.getName())) {
                    LambdaEventSerializers.serializerFor(cls, loader).fromJson("{}");
                }
            }
        }
    }

    /**
     * Powertools' SnapStart hook ({@code MetricsFactory.beforeCheckpoint}) preloads the classes its
     * {@code classesloaded.txt} names and tolerates only absent ones: every named class the artifact holds must
     * load, or publishing a SnapStart version fails.
     */
    @ParameterizedTest
    @EnumSource(Artifact.class)
    void powertoolsCheckpointHookLoadsItsClassesFromTheArtifactAlone(Artifact artifact) throws Exception {
        try (URLClassLoader loader = new URLClassLoader(new URL[] {jar(artifact).toUri().toURL()},
                ClassLoader.getPlatformClassLoader())) {
            Class.forName("software.amazon.lambda.powertools.common.internal.ClassPreLoader", true, loader)
                    .getMethod("preloadClasses").invoke(null);
        }
    }

    /** The classes reachable from the handler and the artifact's service providers that the artifact lacks. */
    private static Map<String, String> missing(Artifact artifact, String handlerClass) {
        ArtifactJar jar = GRAPHS.computeIfAbsent(artifact, a -> new ArtifactJar(jar(a)));
        List<String> roots = new ArrayList<>(jar.providers());
        roots.add(handlerClass.replace('.', '/'));
        Map<String, String> missing = new TreeMap<>(jar.reach(roots).missing());
        missing.keySet().removeIf(name -> NOT_SHIPPED.keySet().stream().anyMatch(name::startsWith));
        return missing;
    }

    /** {@code I} and {@code O} of the handler's {@code RequestHandler<I, O>}. */
    private static List<Type> requestHandlerTypes(Class<?> handler) {
        for (Class<?> c = handler; c != null; c = c.getSuperclass()) {
            for (Type type : c.getGenericInterfaces()) {
                if (type instanceof ParameterizedType p && ((Class<?>) p.getRawType()).getName()
                        .equals("com.amazonaws.services.lambda.runtime.RequestHandler")) {
                    return List.of(p.getActualTypeArguments());
                }
            }
        }
        throw new AssertionError(handler + " implements no RequestHandler<I, O>");
    }

    /** Resolves every type in the declarations of a class and its nested classes (throws if one is missing). */
    private static void resolveAll(Class<?> type, Set<Class<?>> seen) {
        if (type.isPrimitive() || type.getName().startsWith("java.") || !seen.add(type)) {
            return;
        }
        type.getDeclaredFields();
        type.getDeclaredMethods();
        type.getDeclaredConstructors();
        for (Class<?> nested : type.getDeclaredClasses()) {
            resolveAll(nested, seen);
        }
    }
}

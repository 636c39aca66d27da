package dev.chatline.local.coldstart.probe;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import com.amazonaws.services.lambda.runtime.serialization.factories.JacksonFactory;
import dev.chatline.local.coldstart.crac.Core;
import java.io.ByteArrayOutputStream;
import java.io.Writer;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Properties;

/**
 * One cold start, in a fresh JVM whose classpath is one function artifact, this probe and the Lambda runtime's
 * serialization library (and the CRaC stand-in): constructs the handler as the runtime's init phase does, optionally
 * runs the SnapStart checkpoint hooks ({@code prime}: what a snapshot taken after init would have done before the
 * first invocation after restore), then invokes it twice with the event, as the runtime does (JSON → event object,
 * {@code handleRequest}, result → JSON). Writes the times to the result file as properties.
 *
 * <p>Only JDK, artifact, runtime and stand-in classes may be used here: nothing else is on the probe's classpath.
 *
 * <p>Arguments: handler class, event file, result file, the driver's wall clock at spawn (epoch µs), {@code prime}
 * or {@code plain}.
 */
public final class ColdStartProbe {
    private ColdStartProbe() {
    }

    public static void main(String[] args) throws Exception {
        long mainAt = nowMicros();
        long spawnedAt = Long.parseLong(args[3]);
        boolean prime = "prime".equals(args[4]);
        String event = Files.readString(Path.of(args[1]));
        Properties out = new Properties();
        out.setProperty("startToMainMs", millis(mainAt - spawnedAt));

        Marker.phase("Init");
        long t = System.nanoTime();
        Object handler = Class.forName(args[0]).getDeclaredConstructor().newInstance();
        long constructedAt = nowMicros();
        out.setProperty("initMs", millis((System.nanoTime() - t) / 1000));
        out.setProperty("startToConstructedMs", millis(constructedAt - spawnedAt));
        out.setProperty("cracResources", Integer.toString(Core.registered()));

        Invoker invoker = new Invoker(handler); // the runtime's serializers, set up in its init phase too
        if (prime) {
            Marker.phase("Checkpoint");
            t = System.nanoTime();
            Core.checkpointRestore();
            out.setProperty("primeMs", millis((System.nanoTime() - t) / 1000));
        }
        for (String n : new String[] {"first", "second"}) {
            Marker.phase(n.equals("first") ? "FirstInvocation" : "SecondInvocation");
            t = System.nanoTime();
            String outcome = invoker.invoke(event);
            out.setProperty(n + "Ms", millis((System.nanoTime() - t) / 1000));
            out.setProperty(n + "Outcome", outcome);
        }
        Marker.phase("End");
        try (Writer w = Files.newBufferedWriter(Path.of(args[2]), StandardCharsets.UTF_8)) {
            out.store(w, null);
        }
        System.exit(0); // handlers keep non-daemon threads (SDK, Firebase)
    }

    private static long nowMicros() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000L + now.getNano() / 1000;
    }

    private static String millis(long micros) {
        return String.format(java.util.Locale.ROOT, "%.1f", micros / 1000.0);
    }

    /** JSON → event, {@code handleRequest}, result → JSON, with the runtime's serializers. */
    private static final class Invoker {
        private final RequestHandler<Object, Object> handler;
        private final PojoSerializer<Object> input;
        private final PojoSerializer<Object> output;

        @SuppressWarnings("unchecked")
        Invoker(Object handler) {
            this.handler = (RequestHandler<Object, Object>) handler;
            Type[] types = requestHandlerTypes(handler.getClass());
            this.input = serializer(types[0]);
            this.output = types[1] == Void.class ? null : serializer(types[1]);
        }

        String invoke(String event) {
            try {
                Object result = handler.handleRequest(input.fromJson(event), new ProbeContext());
                if (output == null || result == null) {
                    return "null";
                }
                ByteArrayOutputStream json = new ByteArrayOutputStream();
                output.toJson(result, json);
                return json.toString(StandardCharsets.UTF_8);
            } catch (RuntimeException e) {
                return "exception " + e;
            }
        }

        @SuppressWarnings("unchecked")
        private static PojoSerializer<Object> serializer(Type type) {
            Class<Object> cls = (Class<Object>) type;
            return LambdaEventSerializers.isLambdaSupportedEvent(cls.getName())
                    ? LambdaEventSerializers.serializerFor(cls, cls.getClassLoader())
                    : JacksonFactory.getInstance().getSerializer(cls);
        }

        private static Type[] requestHandlerTypes(Class<?> cls) {
            for (Class<?> c = cls; c != null; c = c.getSuperclass()) {
                for (Type type : c.getGenericInterfaces()) {
                    if (type instanceof ParameterizedType p && p.getRawType() == RequestHandler.class) {
                        return p.getActualTypeArguments();
                    }
                }
            }
            throw new IllegalArgumentException(cls + " implements no RequestHandler<I, O>");
        }
    }

    /**
     * Phase markers for {@code -Xlog:class+load}: loading {@code Marker$<Phase>} shows in the class loading log
     * where a phase begins, so the driver can tell which classes each phase loaded.
     */
    static final class Marker {
        private Marker() {
        }

        static void phase(String name) {
            try {
                Class.forName(Marker.class.getName() + "$" + name);
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException(e);
            }
        }

        static final class Init {
        }

        static final class Checkpoint {
        }

        static final class FirstInvocation {
        }

        static final class SecondInvocation {
        }

        static final class End {
        }
    }
}

package dev.chatline.local.lambda;

import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;

/**
 * Turns JSON into a handler's declared input type and its result back into JSON, the way the AWS Java runtime
 * does: {@code com.amazonaws.services.lambda.runtime.events.*} classes go through
 * {@link LambdaEventSerializers} (which knows the event field-name quirks); everything else (POJOs, maps,
 * strings, numbers) through a Jackson mapper that ignores unknown properties.
 */
abstract class PayloadCodec {
    private static final String EVENTS_PACKAGE = "com.amazonaws.services.lambda.runtime.events.";
    static final ObjectMapper MAPPER = new ObjectMapper()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    abstract Object fromJson(String json);

    abstract String toJson(Object value);

    static PayloadCodec forType(Type type, ClassLoader loader) {
        if (type instanceof Class<?> cls && cls.getName().startsWith(EVENTS_PACKAGE)) {
            return new EventCodec<>(LambdaEventSerializers.serializerFor(cls, loader));
        }
        return new JacksonCodec(MAPPER.constructType(type));
    }

    private static boolean isAbsent(String json) {
        return json == null || json.isBlank() || json.strip().equals("null");
    }

    /** A Lambda event type: the runtime's own serializers. */
    private static final class EventCodec<T> extends PayloadCodec {
        private final PojoSerializer<T> serializer;

        EventCodec(PojoSerializer<T> serializer) {
            this.serializer = serializer;
        }

        @Override
        Object fromJson(String json) {
            return isAbsent(json) ? null : serializer.fromJson(json);
        }

        @Override
        @SuppressWarnings("unchecked")
        String toJson(Object value) {
            if (value == null) {
                return "null";
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            serializer.toJson((T) value, out);
            return out.toString(StandardCharsets.UTF_8);
        }
    }

    /** Any other type: plain Jackson. */
    private static final class JacksonCodec extends PayloadCodec {
        private final JavaType type;

        JacksonCodec(JavaType type) {
            this.type = type;
        }

        @Override
        Object fromJson(String json) {
            if (isAbsent(json)) {
                return null;
            }
            try {
                return MAPPER.readValue(json, type);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot deserialize the event into " + type, e);
            }
        }

        @Override
        String toJson(Object value) {
            try {
                return MAPPER.writeValueAsString(value);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot serialize the result of type " + type, e);
            }
        }
    }
}

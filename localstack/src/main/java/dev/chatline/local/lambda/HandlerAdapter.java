package dev.chatline.local.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;

/**
 * One handler instance with its codecs: what the Java runtime builds when an execution environment starts
 * (instantiate the class with its no-arg constructor, find the {@code RequestHandler<I,O>} type arguments by
 * reflection) and what it does per invocation (JSON → I, call, O → JSON).
 */
final class HandlerAdapter {
    private final Object handler;
    private final PayloadCodec input;
    private final PayloadCodec output;

    private HandlerAdapter(Object handler, PayloadCodec input, PayloadCodec output) {
        this.handler = handler;
        this.input = input;
        this.output = output;
    }

    static HandlerAdapter instantiate(String className) throws ReflectiveOperationException {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        Class<?> cls = Class.forName(className, true, loader);
        Object handler = cls.getDeclaredConstructor().newInstance();
        if (handler instanceof RequestStreamHandler) {
            return new HandlerAdapter(handler, null, null);
        }
        if (!(handler instanceof RequestHandler<?, ?>)) {
            throw new IllegalArgumentException(className + " implements neither RequestHandler nor RequestStreamHandler");
        }
        Type[] args = requestHandlerTypeArguments(cls);
        return new HandlerAdapter(handler, PayloadCodec.forType(args[0], loader), PayloadCodec.forType(args[1], loader));
    }

    @SuppressWarnings("unchecked")
    String invoke(String eventJson, Context context) throws Exception {
        if (handler instanceof RequestStreamHandler stream) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] in = eventJson == null ? new byte[0] : eventJson.getBytes(StandardCharsets.UTF_8);
            stream.handleRequest(new ByteArrayInputStream(in), out, context);
            String result = out.toString(StandardCharsets.UTF_8);
            return result.isEmpty() ? "null" : result;
        }
        Object event = input.fromJson(eventJson);
        Object result = ((RequestHandler<Object, Object>) handler).handleRequest(event, context);
        return output.toJson(result);
    }

    /** {@code I} and {@code O} of {@code RequestHandler<I,O>}, searched through superclasses and interfaces. */
    static Type[] requestHandlerTypeArguments(Class<?> cls) {
        for (Class<?> c = cls; c != null && c != Object.class; c = c.getSuperclass()) {
            Type[] found = search(c.getGenericInterfaces());
            if (found != null) {
                return found;
            }
        }
        return new Type[] {Object.class, Object.class};
    }

    private static Type[] search(Type[] interfaces) {
        for (Type type : interfaces) {
            Class<?> raw = type instanceof ParameterizedType p ? (Class<?>) p.getRawType() : (Class<?>) type;
            if (raw == RequestHandler.class) {
                if (type instanceof ParameterizedType p) {
                    Type[] args = p.getActualTypeArguments();
                    return new Type[] {concrete(args[0]), concrete(args[1])};
                }
                return new Type[] {Object.class, Object.class};
            }
            Type[] inherited = search(raw.getGenericInterfaces());
            if (inherited != null) {
                return inherited;
            }
        }
        return null;
    }

    private static Type concrete(Type type) {
        return type instanceof Class<?> || type instanceof ParameterizedType ? type : Object.class;
    }
}

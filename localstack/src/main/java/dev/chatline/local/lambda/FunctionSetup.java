package dev.chatline.local.lambda;

import dev.chatline.config.LocalFunctionEnvironment;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * What a hosted function has of its own besides its code, as on AWS where every function runs in a process of its
 * own: its environment variables. The Lambda host runs the function's construction and invocations inside
 * {@link #run}.
 *
 * @param environment the function's own variables, the only ones its configuration then sees (as a deployed
 *                    function sees the stack's); empty: the configuration the runtime shares through system
 *                    properties
 */
public record FunctionSetup(Optional<Map<String, String>> environment) {
    /** No environment of its own: the runtime's shared configuration. */
    public static final FunctionSetup SHARED = new FunctionSetup(Optional.empty());

    public FunctionSetup {
        environment = environment.map(Map::copyOf);
    }

    public static FunctionSetup withEnvironment(Map<String, String> variables) {
        return new FunctionSetup(Optional.of(variables));
    }

    <T> T run(Callable<T> body) throws Exception {
        return environment.isPresent() ? LocalFunctionEnvironment.call(environment.get(), body) : body.call();
    }
}

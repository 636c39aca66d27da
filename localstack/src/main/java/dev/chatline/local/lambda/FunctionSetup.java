package dev.chatline.local.lambda;

import dev.chatline.config.LocalFunctionEnvironment;
import dev.chatline.local.iam.AccessPolicy;
import dev.chatline.local.iam.CallerPolicy;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * What a hosted function has of its own besides its code, as on AWS where every function runs in a process of its
 * own with a role of its own: its environment variables and what its role allows. The Lambda host runs the
 * function's construction and invocations inside {@link #run}.
 *
 * @param environment the function's own variables, the only ones its configuration then sees (as a deployed
 *                    function sees the stack's); empty: the configuration the runtime shares through system
 *                    properties
 * @param policy the AWS calls it may make (the clients it builds refuse the others); empty: not checked
 */
public record FunctionSetup(Optional<Map<String, String>> environment, Optional<AccessPolicy> policy) {
    /** No environment of its own (the runtime's shared configuration), calls not checked. */
    public static final FunctionSetup SHARED = new FunctionSetup(Optional.empty(), Optional.empty());

    public FunctionSetup {
        environment = environment.map(Map::copyOf);
    }

    <T> T run(Callable<T> body) throws Exception {
        Callable<T> asCaller = policy.isPresent() ? () -> CallerPolicy.call(policy.get(), body) : body;
        return environment.isPresent() ? LocalFunctionEnvironment.call(environment.get(), asCaller) : asCaller.call();
    }
}

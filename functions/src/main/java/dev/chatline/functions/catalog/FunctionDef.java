package dev.chatline.functions.catalog;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * One Lambda function: its handler class, sizing, what triggers it and which resources it may touch.
 * Declared once in {@link FunctionCatalog}; the CDK stack and the local runtime both read it.
 *
 * @param name function name, e.g. {@code sendMessage} (physical name {@code chatline-<stage>-<name>})
 * @param handlerClass fully qualified class implementing {@code RequestHandler}
 * @param artifact the jar the function is deployed from, which holds its handler and the libraries it needs
 * @param memoryMb Lambda memory size
 * @param timeout Lambda timeout
 * @param trigger what invokes it
 * @param access the resources it uses: the CDK stack grants exactly these (least privilege)
 */
public record FunctionDef(String name, String handlerClass, Artifact artifact, int memoryMb, Duration timeout,
                          Trigger trigger, List<Access> access) {

    public FunctionDef {
        access = List.copyOf(access);
    }

    /**
     * The configuration keys through which this function finds its resources, as the stack gives them: those of its
     * access list, the token issuer's for the authorizer, the Firebase secret's for a topic subscriber.
     */
    public Set<String> resourceVariables() {
        Set<String> keys = new TreeSet<>();
        access.forEach(a -> keys.addAll(a.variables()));
        if (trigger instanceof Trigger.Authorizer) {
            keys.addAll(Trigger.Authorizer.VARIABLES);
        }
        if (trigger instanceof Trigger.Topic) {
            keys.addAll(Trigger.Topic.VARIABLES);
        }
        return keys;
    }

    /** Lambda handler string: {@code class::handleRequest}. */
    public String handler() {
        return handlerClass + "::handleRequest";
    }
}

package dev.chatline.functions.catalog;

import java.time.Duration;
import java.util.List;

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

    /** Lambda handler string: {@code class::handleRequest}. */
    public String handler() {
        return handlerClass + "::handleRequest";
    }
}

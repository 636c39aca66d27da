package dev.chatline.local.lambda;

import java.lang.reflect.InvocationTargetException;

/**
 * A function's handler could not be constructed when the runtime published it ({@link LambdaHost#publishAll()}).
 * On AWS, SnapStart constructs every handler when CloudFormation publishes the function's version, with the
 * function's environment; a constructor that throws there fails the deployment. Locally it fails start-up, naming
 * the function and the constructor's exception.
 */
public final class FunctionInitException extends RuntimeException {
    private final String functionName;

    /** @param cause what the constructor threw ({@link #constructorFailure}) */
    FunctionInitException(String functionName, Throwable cause) {
        super("function " + functionName + " cannot be published: its handler's constructor threw " + cause
                + " (SnapStart constructs it when the version is published, with the function's environment; "
                + "on AWS the deployment fails)", cause);
        this.functionName = functionName;
    }

    public String functionName() {
        return functionName;
    }

    /** The exception the constructor or a static initializer threw, without the reflection wrappers. */
    static Throwable constructorFailure(Throwable failure) {
        Throwable t = failure;
        while ((t instanceof InvocationTargetException || t instanceof ExceptionInInitializerError)
                && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }
}

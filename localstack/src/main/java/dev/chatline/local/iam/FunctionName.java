package dev.chatline.local.iam;

/** The physical name of the function a Lambda {@code Invoke} names (what its IAM resource is locally). */
public final class FunctionName {
    private FunctionName() {
    }

    /** From any of the forms Invoke accepts: name, ARN or partial ARN, with a qualifier ({@code :$LATEST}) or not. */
    public static String of(String given) {
        int function = given.indexOf(":function:");
        String name = function >= 0 ? given.substring(function + ":function:".length()) : given;
        int qualifier = name.indexOf(':');
        return qualifier >= 0 ? name.substring(0, qualifier) : name;
    }
}

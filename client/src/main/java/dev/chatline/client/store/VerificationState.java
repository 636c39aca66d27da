package dev.chatline.client.store;

import java.util.TreeMap;

/** {@code verified.json}: the safety number the user verified per contact (not secret, but local). */
public final class VerificationState {
    /** userId → the 60 digits that were verified (a different current number means it changed since). */
    public TreeMap<String, String> verified = new TreeMap<>();
    /** userId → the verified digits of a verification that lapsed (the identity or device set changed since). */
    public TreeMap<String, String> lapsed = new TreeMap<>();
}

package dev.chatline.local.reliability;

import java.util.ArrayList;
import java.util.List;

/**
 * What one fault case (or a clean run) left behind: the invariants it broke, in words, and the raw duplicates the
 * devices received (copies of a messageId beyond the first; at-least-once delivery allows them, a client shows each
 * id once, but they cost frames, so they are counted).
 */
public final class Verdict {
    private final List<String> problems = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private int rawDuplicates;

    /** Records a broken invariant. */
    public Verdict problem(String what) {
        problems.add(what);
        return this;
    }

    /** Records {@code what} as a problem unless {@code holds}. */
    public Verdict check(boolean holds, String what) {
        return holds ? this : problem(what);
    }

    /** A figure worth reporting that breaks nothing (e.g. a one-time key consumed by a killed fetch). */
    public Verdict note(String what) {
        notes.add(what);
        return this;
    }

    public Verdict duplicates(int copies) {
        rawDuplicates += copies;
        return this;
    }

    public boolean ok() {
        return problems.isEmpty();
    }

    public List<String> problems() {
        return List.copyOf(problems);
    }

    public List<String> notes() {
        return List.copyOf(notes);
    }

    public int rawDuplicates() {
        return rawDuplicates;
    }

    @Override
    public String toString() {
        String text = ok() ? "ok" : String.join("; ", problems);
        return notes.isEmpty() ? text : text + " (" + String.join("; ", notes) + ")";
    }
}

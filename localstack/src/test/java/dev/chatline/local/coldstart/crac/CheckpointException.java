package dev.chatline.local.coldstart.crac;

/** A hook failed before the checkpoint. */
public class CheckpointException extends Exception {
    public CheckpointException(Throwable cause) {
        super(cause);
    }
}
